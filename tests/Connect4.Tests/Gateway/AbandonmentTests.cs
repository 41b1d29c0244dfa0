using System.Diagnostics;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>
/// Claims of abandonment over real WebSockets (PROTOCOL.md section 9), with <c>Game:AbandonAfter</c> at 2 s: the
/// <c>claimableIn</c> of a player going offline, a claim refused before the wait and allowed after it, and the games
/// and people that may not claim.
/// </summary>
public abstract class AbandonmentTests
{
    /// <summary>The wait before a claim: a grain setting, so the silos must start with it.</summary>
    internal static readonly Dictionary<string, string?> ShortWait = new() { ["Game:AbandonAfter"] = "00:00:02" };

    /// <summary>Starts the gateway under test, embedded or in front of a cluster whose silos have <see cref="ShortWait"/>.</summary>
    protected abstract Task<GatewayHost> StartHostAsync();

    private static JsonObject Claim(string gameId) => new() { ["type"] = "claim", ["gameId"] = gameId };

    [Fact]
    public async Task A_claim_is_refused_until_the_opponent_has_been_away_for_the_wait_then_wins_the_game()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4]);
        Assert.Equal("not-allowed", await red.ErrorOfAsync(Claim(gameId)));

        await yellow.DisposeAsync();
        var offline = await red.ReceiveAsync(m => (string?)m["type"] == "presence" && (bool?)m["online"] == false, "yellow going offline");
        var since = Stopwatch.StartNew();
        Assert.Equal("yellow", (string?)offline["color"]);
        var claimableIn = (long)offline["claimableIn"]!;
        Assert.InRange(claimableIn, 1_000, 2_000);

        // Refused (not-allowed) until the wait is over, then claimed: the first claim that succeeds comes after it.
        var error = await red.RequestAsync(Claim(gameId), "error");
        Assert.Equal("not-allowed", (string?)error["code"]);
        JsonObject reply;
        var attempt = 0;
        do
        {
            await Task.Delay(100);
            var rid = $"claim-{++attempt}";
            await red.SendAsync(new JsonObject { ["type"] = "claim", ["gameId"] = gameId, ["rid"] = rid });
            reply = await red.ReceiveAsync(m => IsString(m["rid"], rid), $"the reply to claim {rid}");
        }
        while ((string?)reply["type"] == "error" && (string?)reply["code"] == "not-allowed" && since.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(("claimed", gameId), ((string?)reply["type"], (string?)reply["gameId"]));
        Assert.True(since.ElapsedMilliseconds >= claimableIn - 100, $"claimed {since.ElapsedMilliseconds} ms after 'claimableIn' {claimableIn}");
        var over = await red.NextAsync("over", gameId);
        Assert.Equal(("red", "abandoned"), ((string?)over["result"], (string?)over["reason"]));
        Assert.Equal("game-over", await red.ErrorOfAsync(Claim(gameId)));
    }

    [Fact]
    public async Task Timed_and_bot_games_cannot_be_claimed_nor_anyone_but_a_player_claim()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");

        var (timed, _) = await ClockTests.StartTimedGameAsync(red, yellow, ClockTests.Clock(3600, 0));
        var watchKey = (string)(await StateAsync(red, timed))["watchKey"]!;
        await carol.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        await yellow.DisposeAsync();
        var offline = await red.ReceiveAsync(m => (string?)m["type"] == "presence" && (bool?)m["online"] == false, "yellow going offline");
        Assert.False(offline.ContainsKey("claimableIn"), $"a timed game's presence carries no claimableIn: {offline.ToJsonString()}");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past Game:AbandonAfter: only the kind of game refuses now
        await ExpectErrorAsync(red, Claim(timed), "not-allowed");
        await ExpectErrorAsync(carol, Claim(timed), "not-a-player");

        var bot = (string)(await red.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 1 }, "created"))["gameId"]!;
        await ExpectErrorAsync(red, Claim(bot), "not-allowed");
        await ExpectErrorAsync(red, Claim("nosuchgame12"), "not-found");
        await ExpectErrorAsync(red, Claim(""), "bad-request");
    }
}

public sealed class AbandonmentEmbeddedTests : AbandonmentTests
{
    protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(ShortWait);
}

/// <summary>The wait is read by the silos when they start: this class has a cluster of its own whose silos start with the short wait.</summary>
public sealed class AbandonmentClusterTests(AbandonmentClusterTests.ShortWaitCluster fixture) : AbandonmentTests, IClassFixture<AbandonmentClusterTests.ShortWaitCluster>
{
    protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(null, fixture.Cluster);

    /// <summary>A Redis server of its own and a 3-silo cluster on it whose games allow a claim after 2 s.</summary>
    public sealed class ShortWaitCluster : IAsyncLifetime
    {
        private RedisServer? _redis;
        private SiloCluster? _cluster;

        public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync()
        {
            _redis = await RedisServer.StartAsync();
            _cluster = await SiloCluster.StartAsync(_redis.ConnectionString, silos: 3, ShortWait);
        }

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }

            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }
}
