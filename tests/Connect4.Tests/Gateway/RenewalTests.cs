using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Gateway;

/// <summary>Subscriptions lapse unless renewed: connections of both dialects renew theirs for as long as they live.</summary>
public abstract class RenewalTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    /// <summary>Short leases: the expiry is read by the game grains (silo side), the refresh by the gateway.</summary>
    internal static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Game:SubscriptionExpiry"] = "00:00:02",
        ["Gateway:SubscriptionRefresh"] = "00:00:00.300",
    };

    [Fact]
    public async Task Both_dialects_keep_receiving_events_long_after_the_subscription_expiry()
    {
        await using var host = await StartHostAsync(ShortLeases);
        await using var tutorial = await TestClient.ConnectAsync(host.TutorialUri);
        await tutorial.SendAsync(new JsonObject { ["type"] = "init" });
        var init = await tutorial.NextAsync("init");
        await using var native = await TestClient.HelloAsync(host.WsUri);
        var joined = await native.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)init["join"]! }, "joined");
        var gameId = (string)joined["gameId"]!;
        await native.NextAsync("game", gameId);

        for (var ply = 0; ply < 5; ply++)
        {
            // Together the pauses outlast the expiry several times over: only renewed subscriptions still hear of moves.
            await Task.Delay(TimeSpan.FromSeconds(0.8));
            if (ply % 2 == 0)
            {
                await tutorial.SendAsync(new JsonObject { ["type"] = "play", ["column"] = ply });
            }
            else
            {
                await native.RequestAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = ply, ["ply"] = ply }, "played");
            }

            // A renewal that found a move missed (a lease that lapsed under load) catches up with a snapshot instead.
            await native.ReceiveAsync(m => (string?)m["gameId"] == gameId
                && (((string?)m["type"] == "move" && (int?)m["ply"] == ply + 1) || ((string?)m["type"] == "game" && m["moves"]!.AsArray().Count >= ply + 1)),
                $"ply {ply + 1}");
            await tutorial.ReceiveAsync(m => (string?)m["type"] == "play" && (int?)m["column"] == ply, $"play in column {ply}");
        }

        var state = await native.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
        Assert.True((bool)state["red"]!["online"]!, "the tutorial player should still count as online");
    }
}

public sealed class RenewalEmbeddedTests : RenewalTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

/// <summary>
/// The lease length is a grain setting, read by the silos when they start: the shared <see cref="ClusterFixture"/>'s
/// silos keep the default, so this class has a cluster of its own whose silos start with the short leases.
/// </summary>
public sealed class RenewalClusterTests(RenewalClusterTests.ShortLeaseCluster fixture) : RenewalTests, IClassFixture<RenewalClusterTests.ShortLeaseCluster>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);

    /// <summary>A Redis server of its own and a 3-silo cluster on it whose grains expire subscriptions after 1.5 s.</summary>
    public sealed class ShortLeaseCluster : IAsyncLifetime
    {
        private RedisServer? _redis;
        private SiloCluster? _cluster;

        public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync()
        {
            _redis = await RedisServer.StartAsync();
            _cluster = await SiloCluster.StartAsync(_redis.ConnectionString, silos: 3, ShortLeases);
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
