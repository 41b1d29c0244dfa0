using System.Globalization;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>
/// Timed games over real WebSockets (PROTOCOL.md section 9): <c>create</c>'s clock and its refusals, the clock in
/// snapshots and moves, and the flag falling with nobody sending anything, embedded and in front of a cluster.
/// </summary>
public abstract class ClockTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    internal static JsonObject Create(JsonNode? clock) => new() { ["type"] = "create", ["clock"] = clock };

    internal static JsonObject Clock(int initial, int increment) => new() { ["initial"] = initial, ["increment"] = increment };

    /// <summary>Creates a game on <paramref name="clock"/> as red and joins it as yellow; returns its id and yellow's first snapshot.</summary>
    internal static async Task<(string GameId, JsonObject Snapshot)> StartTimedGameAsync(TestClient red, TestClient yellow, JsonObject clock)
    {
        var created = await red.RequestAsync(Create(clock), "created");
        var gameId = (string)created["gameId"]!;
        await red.NextAsync("game", gameId);
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        return (gameId, await yellow.NextAsync("game", gameId));
    }

    /// <summary>When the running clock of <paramref name="snapshot"/> runs out: its <c>at</c> plus the time its side had left.</summary>
    internal static DateTimeOffset DeadlineOf(JsonObject snapshot)
    {
        var clock = snapshot["clock"]!;
        var running = (string)clock["running"]!;
        return DateTimeOffset.Parse((string)clock["at"]!, CultureInfo.InvariantCulture).AddMilliseconds((long)clock[running]!);
    }

    [Fact]
    public async Task Create_refuses_a_clock_out_of_range_or_of_the_wrong_type_with_bad_request()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");

        await ExpectErrorAsync(alice, Create(60), "bad-request");
        await ExpectErrorAsync(alice, Create("15+0"), "bad-request");
        await ExpectErrorAsync(alice, Create(Clock(14, 0)), "bad-request");
        await ExpectErrorAsync(alice, Create(Clock(3601, 0)), "bad-request");
        await ExpectErrorAsync(alice, Create(Clock(60, 61)), "bad-request");
        await ExpectErrorAsync(alice, Create(Clock(60, -1)), "bad-request");
        await ExpectErrorAsync(alice, Create(new JsonObject { ["increment"] = 2 }), "bad-request");
        await ExpectErrorAsync(alice, Create(new JsonObject { ["initial"] = "60", ["increment"] = 2 }), "bad-request");
        await ExpectErrorAsync(alice, Create(new JsonObject { ["initial"] = 60.5, ["increment"] = 2 }), "bad-request");

        // Nothing was created by any of them.
        Assert.DoesNotContain(alice.Seen, m => (string?)m["type"] == "created");
    }

    [Fact]
    public async Task Snapshots_carry_the_clock_and_timed_moves_the_time_left_after_them()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");

        var created = await red.RequestAsync(Create(Clock(60, 2)), "created");
        var gameId = (string)created["gameId"]!;
        var waiting = (await red.NextAsync("game", gameId))["clock"]!;
        Assert.Equal((60, 2, 60_000, 60_000, null), ((int)waiting["initial"]!, (int)waiting["increment"]!, (long)waiting["red"]!, (long)waiting["yellow"]!, (string?)waiting["running"]));
        var at = DateTimeOffset.Parse((string)waiting["at"]!, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((at - DateTimeOffset.UtcNow).TotalSeconds) < 5, $"'at' is server time in UTC: {waiting["at"]}");

        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        var playing = (await yellow.NextAsync("game", gameId))["clock"]!;
        Assert.Equal("red", (string?)playing["running"]);
        Assert.InRange((long)playing["red"]!, 50_000, 60_000);
        Assert.Equal(60_000, (long)playing["yellow"]!);

        await red.RequestAsync(Play(gameId, 3, 0), "played");
        var move = await yellow.MoveAsync(gameId, 1);
        Assert.InRange((long)move["clock"]!["red"]!, 52_000, 62_000);
        Assert.Equal(60_000, (long)move["clock"]!["yellow"]!);
        var state = (await StateAsync(red, gameId))["clock"]!;
        Assert.Equal(("yellow", (long)move["clock"]!["red"]!), ((string?)state["running"], (long)state["red"]!));
        Assert.InRange((long)state["yellow"]!, 50_000, 60_000);

        // An untimed game's snapshot says so, and its moves carry no clock.
        var (untimed, _) = await GamePlayTests.StartGameAsync(red, yellow);
        Assert.Null((await StateAsync(red, untimed))["clock"]);
        Assert.True((await StateAsync(red, untimed)).ContainsKey("clock"));
        await red.RequestAsync(Play(untimed, 3, 0), "played");
        Assert.False((await yellow.MoveAsync(untimed, 1)).ContainsKey("clock"));
    }

    [Fact]
    public async Task The_flag_falls_within_a_second_of_the_deadline_with_nobody_sending_anything()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, snapshot) = await StartTimedGameAsync(red, yellow, Clock(15, 0));
        var deadline = DeadlineOf(snapshot);

        foreach (var client in new[] { red, yellow })
        {
            var over = await client.NextAsync("over", gameId, deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
            var late = DateTimeOffset.UtcNow - deadline;
            Assert.True(late < TimeSpan.FromSeconds(1), $"Game {gameId}: 'over' reached {client.PlayerId} {late.TotalMilliseconds:0} ms after the deadline.");
            Assert.Equal(("yellow", "timeout"), ((string?)over["result"], (string?)over["reason"]));
            Assert.Null(over["line"]);
        }

        Assert.Equal("game-over", await red.ErrorOfAsync(Play(gameId, 3, 0)));
        var state = await StateAsync(yellow, gameId);
        Assert.Equal(("over", "timeout", 0L, null), ((string?)state["status"], (string?)state["reason"], (long)state["clock"]!["red"]!, (string?)state["clock"]!["running"]));
    }
}

public sealed class ClockEmbeddedTests : ClockTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class ClockClusterTests(ClusterFixture fixture) : ClockTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
