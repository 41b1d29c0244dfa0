using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>PROTOCOL.md section 10 over real WebSockets: every reply, event and error of a rematch, embedded and in front of a cluster.</summary>
public abstract class RematchTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    internal static JsonObject Rematch(string gameId) => new() { ["type"] = "rematch", ["gameId"] = gameId };

    internal static JsonObject Decline(string gameId) => new() { ["type"] = "decline-rematch", ["gameId"] = gameId };

    /// <summary>A game between <paramref name="red"/> and <paramref name="yellow"/> that red resigned; returns its id and watch key.</summary>
    internal static async Task<(string GameId, string WatchKey)> FinishedGameAsync(TestClient red, TestClient yellow)
    {
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);
        await red.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        await yellow.NextAsync("over", gameId);
        await red.NextAsync("over", gameId);
        return (gameId, watchKey);
    }

    /// <summary>Waits for rematch-started, then the new game's snapshot after it; returns the snapshot.</summary>
    private static async Task<JsonObject> RematchStartedAsync(TestClient client, string gameId, string newGameId)
    {
        var started = await client.NextAsync("rematch-started", gameId);
        Assert.Equal(newGameId, (string?)started["newGameId"]);
        Assert.False(started.ContainsKey("rid"));
        var snapshot = await client.NextAsync("game", newGameId);
        var seen = client.Seen.ToList();
        Assert.True(seen.IndexOf(started) < seen.IndexOf(snapshot), $"Player {client.PlayerId}: the snapshot came before rematch-started");
        return snapshot;
    }

    [Fact]
    public async Task An_offer_then_its_acceptance_start_a_new_game_with_the_colours_swapped_that_every_connection_of_both_follows()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var aliceTab = await TestClient.HelloAsync(host.WsUri, token: alice.Token);
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");
        var (gameId, watchKey) = await FinishedGameAsync(alice, bob);
        await carol.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");

        var offered = await alice.RequestAsync(Rematch(gameId), "rematch");
        Assert.Equal(("offered", gameId, false), ((string?)offered["status"], (string?)offered["gameId"], offered.ContainsKey("newGameId")));
        var offer = await bob.NextAsync("rematch-offer", gameId);
        Assert.Equal("red", (string?)offer["from"]);
        Assert.False(offer.ContainsKey("rid"));
        Assert.Equal("red", (string?)(await StateAsync(bob, gameId))["rematch"]!["offeredBy"]);

        var accepted = await bob.RequestAsync(Rematch(gameId), "rematch");
        Assert.Equal("started", (string?)accepted["status"]);
        var newGameId = (string)accepted["newGameId"]!;
        Assert.NotEqual(gameId, newGameId);

        var bobView = await RematchStartedAsync(bob, gameId, newGameId);
        Assert.Equal(("red", "playing", bob.PlayerId, alice.PlayerId), ((string?)bobView["you"], (string?)bobView["status"], (string?)bobView["red"]!["playerId"], (string?)bobView["yellow"]!["playerId"]));
        foreach (var client in new[] { alice, aliceTab })
        {
            Assert.Equal("yellow", (string?)(await RematchStartedAsync(client, gameId, newGameId))["you"]);
        }

        Assert.Equal(newGameId, (string?)(await StateAsync(carol, gameId))["rematch"]!["newGameId"]);
        Assert.Null((await StateAsync(bob, newGameId))["rematch"]);

        // The new game is followed: a move reaches every connection of the opponent.
        await bob.RequestAsync(Play(newGameId, 3, 0), "played");
        await alice.MoveAsync(newGameId, 1);
        await aliceTab.MoveAsync(newGameId, 1);

        await ExpectErrorAsync(alice, Rematch(gameId), "not-allowed");
        await ExpectErrorAsync(bob, Rematch(gameId), "not-allowed");
        await ExpectErrorAsync(alice, Decline(gameId), "not-allowed");
        Assert.DoesNotContain(alice.Seen, m => (string?)m["type"] == "rematch-offer");
        Assert.DoesNotContain(carol.Seen, m => ((string?)m["type"])?.StartsWith("rematch", StringComparison.Ordinal) == true);

        await using var again = await TestClient.ConnectAsync(host.WsUri);
        var welcome = await again.RequestAsync(new JsonObject { ["type"] = "hello", ["token"] = bob.Token }, "welcome");
        Assert.Equal([newGameId], welcome["games"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public async Task A_declined_offer_is_told_to_its_offerer_and_either_player_may_offer_again()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await FinishedGameAsync(alice, bob);
        await alice.RequestAsync(Rematch(gameId), "rematch");
        await bob.NextAsync("rematch-offer", gameId);

        await ExpectErrorAsync(alice, Decline(gameId), "not-allowed");
        var declined = await bob.RequestAsync(Decline(gameId), "rematch-declined");

        Assert.Equal(gameId, (string?)declined["gameId"]);
        var told = await alice.ReceiveAsync(m => (string?)m["type"] == "rematch-declined" && !m.ContainsKey("rid"), "the rematch-declined event");
        Assert.Equal(gameId, (string?)told["gameId"]);
        Assert.Null((await StateAsync(alice, gameId))["rematch"]);
        await ExpectErrorAsync(bob, Decline(gameId), "not-allowed");
        Assert.DoesNotContain(bob.Seen, m => (string?)m["type"] == "rematch-declined" && !m.ContainsKey("rid"));

        Assert.Equal("offered", (string?)(await bob.RequestAsync(Rematch(gameId), "rematch"))["status"]);
        Assert.Equal("yellow", (string?)(await alice.NextAsync("rematch-offer", gameId))["from"]);
    }

    [Fact]
    public async Task Rematch_and_decline_are_refused_with_not_found_not_a_player_and_not_allowed()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(alice, bob);

        await ExpectErrorAsync(alice, Rematch(gameId), "not-allowed");
        await ExpectErrorAsync(bob, Decline(gameId), "not-allowed");
        await ExpectErrorAsync(alice, Rematch("AAAAAAAAAAAA"), "not-found");
        await ExpectErrorAsync(alice, Decline("AAAAAAAAAAAA"), "not-found");

        await carol.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        await alice.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        await ExpectErrorAsync(carol, Rematch(gameId), "not-a-player");
        await ExpectErrorAsync(carol, Decline(gameId), "not-a-player");
        await ExpectErrorAsync(bob, Decline(gameId), "not-allowed");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "rematch" }, "bad-request");

        // Nothing was offered by any of these.
        Assert.Null((await StateAsync(alice, gameId))["rematch"]);
        Assert.DoesNotContain(bob.Seen, m => (string?)m["type"] == "rematch-offer");
    }

    [Fact]
    public async Task Against_the_bot_the_first_rematch_starts_the_new_game_at_once()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        var created = await alice.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 1 }, "created");
        var gameId = (string)created["gameId"]!;
        await alice.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        await alice.NextAsync("over", gameId);

        var started = await alice.RequestAsync(Rematch(gameId), "rematch");

        Assert.Equal("started", (string?)started["status"]);
        var newGameId = (string)started["newGameId"]!;
        var view = await RematchStartedAsync(alice, gameId, newGameId);
        Assert.Equal(("yellow", "bot:1", "playing"), ((string?)view["you"], (string?)view["red"]!["playerId"], (string?)view["status"]));

        // The bot, red now, moves first: in the snapshot already, or soon after it.
        if (Moves(view).Count == 0)
        {
            await alice.MoveAsync(newGameId, 1);
        }
    }
}

public sealed class RematchEmbeddedTests : RematchTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class RematchClusterTests(ClusterFixture fixture) : RematchTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
