using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>PROTOCOL.md section 14's first rule over real WebSockets: public games are watchable by id, without a key; others are not.</summary>
public abstract class PublicGameTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static JsonObject WatchById(string gameId) => new() { ["type"] = "watch", ["gameId"] = gameId };

    [Fact]
    public async Task A_game_created_public_is_watched_by_id_while_it_runs_and_after_it_ends_and_a_private_one_needs_its_key()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");

        var created = await alice.RequestAsync(new JsonObject { ["type"] = "create", ["public"] = true }, "created");
        var gameId = (string)created["gameId"]!;
        await bob.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        await carol.RequestAsync(WatchById(gameId), "watching");
        Assert.Equal("spectator", (string?)(await carol.NextAsync("game", gameId))["you"]);
        await alice.RequestAsync(Play(gameId, 3, 0), "played");
        await carol.MoveAsync(gameId, 1);
        await alice.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        await carol.NextAsync("over", gameId);

        await using var dave = await TestClient.HelloAsync(host.WsUri, "dave");
        await dave.RequestAsync(WatchById(gameId), "watching");
        Assert.Equal("over", (string?)(await dave.NextAsync("game", gameId))["status"]);

        var hidden = await alice.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        await ExpectErrorAsync(dave, WatchById((string)hidden["gameId"]!), "not-found");
        await dave.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = (string)hidden["watchKey"]! }, "watching");
    }

    [Fact]
    public async Task A_quick_play_game_is_public()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");

        await alice.RequestAsync(new JsonObject { ["type"] = "seek" }, "seeking");
        await bob.RequestAsync(new JsonObject { ["type"] = "seek" }, "seeking");
        var gameId = (string)(await alice.NextAsync("paired"))["gameId"]!;
        await carol.RequestAsync(WatchById(gameId), "watching");
        Assert.Equal("playing", (string?)(await carol.NextAsync("game", gameId))["status"]);
    }
}

public sealed class PublicGameEmbeddedTests : PublicGameTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class PublicGameClusterTests(ClusterFixture fixture) : PublicGameTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
