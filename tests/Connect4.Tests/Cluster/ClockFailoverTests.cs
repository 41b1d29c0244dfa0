using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Games;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Connect4.Tests.Cluster;

/// <summary>
/// A timed game whose silo is SIGKILLed just before its deadline still ends by timeout (PROTOCOL.md section 9): at once
/// when a gateway follows it (its renewals bring it back elsewhere), and by its reminder in Redis when nobody does.
/// </summary>
[Collection("redis")]
public sealed class ClockFailoverTests(RedisServerFixture redis, ITestOutputHelper output)
{
    /// <summary>The goal for a game whose silo died (docs/PERFORMANCE.md): the end within 5 s of the deadline.</summary>
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);

    /// <summary>A reminder period Orleans allows only when told to (its floor is 1 min by default).</summary>
    private static readonly Dictionary<string, string?> FastReminders = new()
    {
        ["Game:ClockReminderPeriod"] = "00:00:02",
        ["Orleans:ReminderOptions:MinimumReminderPeriod"] = "00:00:01",
    };

    [Fact]
    public async Task A_followed_game_whose_silo_is_killed_before_the_deadline_ends_by_timeout_on_another()
    {
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3, FastReminders);
        await using var gateway = await GatewayHost.StartAsync(cluster: cluster);
        await using var red = await TestClient.HelloAsync(gateway.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(gateway.WsUri, "bob");
        var (gameId, snapshot) = await ClockTests.StartTimedGameAsync(red, yellow, ClockTests.Clock(15, 0));
        var deadline = ClockTests.DeadlineOf(snapshot);
        var home = cluster.HomeOf(gameId);

        await Task.Delay(deadline - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1)); // a point in time, not a condition
        await cluster.KillAsync(home);

        var over = await yellow.NextAsync("over", gameId, deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20));
        var late = DateTimeOffset.UtcNow - deadline;
        output.WriteLine($"'over' arrived {late.TotalMilliseconds:0} ms after the deadline; silo {home} killed 1 s before it");
        Assert.Equal(("yellow", "timeout"), ((string?)over["result"], (string?)over["reason"]));
        Assert.True(late < Allowed, $"Game {gameId}: 'over' arrived {late.TotalMilliseconds:0} ms after the deadline.");
        Assert.NotEqual(home, cluster.HomeOf(gameId));
    }

    [Fact]
    public async Task A_game_nobody_follows_whose_silo_is_killed_before_the_deadline_is_ended_by_its_reminder()
    {
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3, FastReminders);
        var client = await cluster.AddClientAsync();
        var (red, yellow) = ($"p-red-{Guid.NewGuid():N}", $"p-yellow-{Guid.NewGuid():N}");
        var created = await client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions(Clock: new ClockSettings(15, 0)));
        var clock = (await client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey)).Clock!;
        var deadline = clock.At.AddMilliseconds(clock.Red);
        var home = cluster.HomeOf(created.GameId);

        await Task.Delay(deadline - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1)); // a point in time, not a condition
        await cluster.KillAsync(home);

        // Read from Redis by a live silo's storage, which activates nothing: only the reminder can bring the game back.
        var storage = cluster.Silos[0].Host.Services.GetRequiredKeyedService<IGrainStorage>(GameOptions.StorageName);
        var gameGrain = client.GetGrain<IGameGrain>(created.GameId).GetGrainId();
        var stored = new GrainState<GameState>();
        do
        {
            await Task.Delay(100);
            await storage.ReadStateAsync("game", gameGrain, stored);
        }
        while (stored.State?.Status != GameStatus.Over && DateTimeOffset.UtcNow < deadline + TimeSpan.FromSeconds(30));

        var late = stored.State!.UpdatedAt - deadline;
        output.WriteLine($"ended {late.TotalMilliseconds:0} ms after the deadline by its reminder; silo {home} killed 1 s before it");
        Assert.Equal((GameStatus.Over, EndReason.Timeout, GameResult.YellowWins), (stored.State.Status, stored.State.Reason, stored.State.Result));
        Assert.True(late < Allowed, $"Game {created.GameId}: ended {late.TotalMilliseconds:0} ms after the deadline.");
        Assert.NotEqual(home, cluster.HomeOf(created.GameId));
    }
}
