using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>
/// The rule errors of PROTOCOL.md section 3 over a real WebSocket: unknown games and keys, guarded seats, refused moves
/// and bot levels. Each refused command gets one error echoing its rid and changes nothing.
/// </summary>
public abstract class RuleErrorTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Unknown_keys_and_games_and_games_not_followed_get_not_found_and_change_nothing()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var created = await alice.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        var joinKey = (string)created["joinKey"]!;
        var watchKey = (string)created["watchKey"]!;
        var forgedKey = gameId + "." + new string('A', 22);

        JsonObject Join(string key) => new() { ["type"] = "join", ["joinKey"] = key };
        await ExpectErrorAsync(bob, Join("nope"), "not-found");
        await ExpectErrorAsync(bob, Join("nogame.AAAAAAAAAAAAAAAAAAAAAA"), "not-found");
        await ExpectErrorAsync(bob, Join(forgedKey), "not-found");
        await ExpectErrorAsync(bob, Join(watchKey), "not-found");

        JsonObject Watch(string key) => new() { ["type"] = "watch", ["watchKey"] = key };
        await ExpectErrorAsync(bob, Watch("nope"), "not-found");
        await ExpectErrorAsync(bob, Watch("nogame.AAAAAAAAAAAAAAAAAAAAAA"), "not-found");
        await ExpectErrorAsync(bob, Watch(forgedKey), "not-found");
        await ExpectErrorAsync(bob, Watch(joinKey), "not-found");
        // By game id, only a game the player is in.
        await ExpectErrorAsync(bob, new JsonObject { ["type"] = "watch", ["gameId"] = gameId }, "not-found");
        await ExpectErrorAsync(bob, new JsonObject { ["type"] = "watch", ["gameId"] = "nogame" }, "not-found");

        await ExpectErrorAsync(bob, Play("nogame", 3, 0), "not-found");
        await ExpectErrorAsync(bob, Play("nogame", 3), "not-found");
        await ExpectErrorAsync(bob, State("nogame"), "not-found");
        await ExpectErrorAsync(bob, State(gameId), "not-found");
        await ExpectErrorAsync(bob, new JsonObject { ["type"] = "resign", ["gameId"] = "nogame" }, "not-found");
        await ExpectErrorAsync(bob, new JsonObject { ["type"] = "unwatch", ["gameId"] = "nogame" }, "not-found");
        await ExpectErrorAsync(bob, new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "not-found");

        // Nothing changed: still waiting for a second player, nobody watching, and bob was sent nothing about it.
        var state = await StateAsync(alice, gameId);
        Assert.Equal("waiting", (string?)state["status"]);
        Assert.Null(state["yellow"]);
        Assert.Equal(0, (int)state["spectators"]!);
        Assert.Equal(joinKey, (string?)state["joinKey"]);
        Assert.DoesNotContain(bob.Seen, m => (string?)m["gameId"] == gameId);

        // The player's own game by id works; once unwatched, unwatching again is not-found.
        await alice.RequestAsync(new JsonObject { ["type"] = "watch", ["gameId"] = gameId }, "watching");
        await alice.RequestAsync(new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "unwatched");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "not-found");

        // A spectator that unwatched no longer counts and can no longer ask for the state.
        await bob.RequestAsync(Watch(watchKey), "watching");
        Assert.Equal(1, (int)(await StateAsync(bob, gameId))["spectators"]!);
        await bob.RequestAsync(new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "unwatched");
        await ExpectErrorAsync(bob, State(gameId), "not-found");
        Assert.Equal(0, (int)(await StateAsync(alice, gameId))["spectators"]!);
    }

    [Fact]
    public async Task Seats_are_guarded_with_own_game_game_full_and_not_a_player()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var third = await TestClient.HelloAsync(host.WsUri, "carol");
        var created = await red.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        var join = new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! };

        await ExpectErrorAsync(red, join.DeepClone().AsObject(), "own-game");
        Assert.Equal("waiting", (string?)(await StateAsync(red, gameId))["status"]);
        await ExpectErrorAsync(third, Play(gameId, 3), "not-a-player");

        await yellow.RequestAsync(join.DeepClone().AsObject(), "joined");
        await ExpectErrorAsync(third, join.DeepClone().AsObject(), "game-full");
        await ExpectErrorAsync(red, join.DeepClone().AsObject(), "own-game");
        await ExpectErrorAsync(yellow, join.DeepClone().AsObject(), "own-game");

        await third.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = (string)created["watchKey"]! }, "watching");
        await ExpectErrorAsync(third, Play(gameId, 3, 0), "not-a-player");
        await ExpectErrorAsync(third, new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "not-a-player");

        var state = await StateAsync(third, gameId);
        Assert.Equal("spectator", (string?)state["you"]);
        Assert.Equal(red.PlayerId, (string?)state["red"]!["playerId"]);
        Assert.Equal(yellow.PlayerId, (string?)state["yellow"]!["playerId"]);
        Assert.Equal("playing", (string?)state["status"]);
        Assert.Empty(Moves(state));
        Assert.Null(state["joinKey"]);
        Assert.DoesNotContain(third.Seen, m => (string?)m["type"] == "joined");
    }

    [Fact]
    public async Task Moves_are_refused_with_not_started_not_your_turn_bad_column_column_full_stale_and_game_over_and_change_nothing()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var created = await red.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;

        await ExpectErrorAsync(red, Play(gameId, 3, 0), "not-started");
        await ExpectErrorAsync(red, Play(gameId, 3), "not-started");
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");

        await ExpectErrorAsync(yellow, Play(gameId, 3, 0), "not-your-turn");
        await ExpectErrorAsync(yellow, Play(gameId, 3), "not-your-turn");
        await ExpectErrorAsync(red, Play(gameId, 7, 0), "bad-column");
        await ExpectErrorAsync(red, Play(gameId, -1), "bad-column");
        await ExpectErrorAsync(red, Play(gameId, 1000), "bad-column");
        Assert.Empty(Moves(await StateAsync(red, gameId)));

        // Column 0 filled alternately: no four, and the column is full.
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [0, 0, 0, 0, 0, 0]);
        await ExpectErrorAsync(red, Play(gameId, 0, 6), "column-full");
        await ExpectErrorAsync(red, Play(gameId, 0), "column-full");
        await ExpectErrorAsync(red, Play(gameId, 1, 5), "stale");
        await ExpectErrorAsync(red, Play(gameId, 1, 7), "stale");
        await ExpectErrorAsync(red, Play(gameId, 1, 0), "stale");
        await ExpectErrorAsync(yellow, Play(gameId, 1, 6), "not-your-turn");
        var state = await StateAsync(yellow, gameId);
        Assert.Equal([0, 0, 0, 0, 0, 0], Moves(state));
        Assert.Equal("red", (string?)state["turn"]);

        // A refused move is not broadcast: the moves anyone sees are plies 1 to 7, the last red's column 1.
        var played = await red.RequestAsync(Play(gameId, 1, 6), "played");
        Assert.Equal(7, (int)played["ply"]!);
        var move = await yellow.MoveAsync(gameId, 7);
        Assert.Equal(1, (int)move["column"]!);
        Assert.Equal(Enumerable.Range(1, 7), yellow.Seen.Where(m => (string?)m["type"] == "move").Select(m => (int)m["ply"]!));

        await red.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        var over = await yellow.NextAsync("over", gameId);
        Assert.Equal("yellow", (string?)over["result"]);
        Assert.Equal("resign", (string?)over["reason"]);

        await ExpectErrorAsync(yellow, Play(gameId, 2, 7), "game-over");
        await ExpectErrorAsync(red, Play(gameId, 2), "game-over");
        await ExpectErrorAsync(red, new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "game-over");
        await ExpectErrorAsync(yellow, new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "game-over");
        state = await StateAsync(red, gameId);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], Moves(state));
        Assert.Equal("over", (string?)state["status"]);
        Assert.Equal("yellow", (string?)state["result"]);
        Assert.Null(state["turn"]);
    }

    [Fact]
    public async Task A_bot_game_with_a_level_out_of_range_is_refused_and_creates_nothing()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");

        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 0 }, "bad-request");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 6, ["color"] = "yellow" }, "bad-request");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "analyze" }, "bad-request");

        Assert.DoesNotContain(alice.Seen, m => (string?)m["type"] == "game");
        await using var again = await TestClient.ConnectAsync(host.WsUri);
        var welcome = await again.RequestAsync(new JsonObject { ["type"] = "hello", ["token"] = alice.Token }, "welcome");
        Assert.Empty(welcome["games"]!.AsArray());
    }
}

public sealed class RuleErrorEmbeddedTests : RuleErrorTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class RuleErrorClusterTests(ClusterFixture fixture) : RuleErrorTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
