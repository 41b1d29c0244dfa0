using System.Diagnostics;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>PROTOCOL.md section 14's <c>live</c> over real WebSockets: public games in progress, within 5 s of their start and end.</summary>
public abstract class LiveGamesTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private static async Task<bool> ListedAsync(TestClient client, string gameId)
    {
        var reply = await client.RequestAsync(new JsonObject { ["type"] = "live", ["limit"] = 50 }, "live");
        return reply["games"]!.AsArray().Any(g => (string?)g!["gameId"] == gameId);
    }

    private static async Task<TimeSpan> UntilAsync(TestClient client, string gameId, bool listed)
    {
        var watch = Stopwatch.StartNew();
        while (await ListedAsync(client, gameId) != listed)
        {
            Assert.True(watch.Elapsed < Within, $"{gameId} listed should be {listed} within {Within}");
            await Task.Delay(200);
        }

        return watch.Elapsed;
    }

    [Fact]
    public async Task A_public_game_is_listed_while_it_runs_and_a_private_one_never()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");

        var hidden = await alice.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var hiddenId = (string)hidden["gameId"]!;
        await bob.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)hidden["joinKey"]! }, "joined");

        var created = await alice.RequestAsync(new JsonObject { ["type"] = "create", ["public"] = true }, "created");
        var gameId = (string)created["gameId"]!;
        Assert.False(await ListedAsync(carol, gameId));
        await bob.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        await UntilAsync(carol, gameId, listed: true);
        Assert.False(await ListedAsync(carol, hiddenId));

        var game = (await carol.RequestAsync(new JsonObject { ["type"] = "live" }, "live"))["games"]!.AsArray()
            .Single(g => (string?)g!["gameId"] == gameId)!;
        Assert.Equal("alice", (string?)game["red"]!["name"]);
        Assert.Equal("bob", (string?)game["yellow"]!["name"]);
        Assert.Equal(0, (int)game["ply"]!);
        Assert.Equal(0, (int)game["spectators"]!);
        Assert.Null(game["clock"]);

        await alice.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        await UntilAsync(carol, gameId, listed: false);
        Assert.False(await ListedAsync(carol, hiddenId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task A_limit_out_of_range_is_a_bad_request(int limit)
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "live", ["limit"] = limit }, "bad-request");
    }
}

public sealed class LiveGamesEmbeddedTests : LiveGamesTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class LiveGamesClusterTests(ClusterFixture fixture) : LiveGamesTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
