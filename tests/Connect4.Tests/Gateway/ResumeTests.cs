using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>Resuming with a token after a lost connection, and one player on several sockets (PROTOCOL.md sections 2 and 5).</summary>
public abstract class ResumeTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task A_player_who_drops_mid_game_resumes_with_its_token_gets_a_snapshot_and_a_resent_move_is_not_played_twice()
    {
        await using var host = await StartHostAsync();
        var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4]);

        // Red plays its move, then loses the network before it can do anything else.
        Assert.Equal(5, (int)(await red.RequestAsync(Play(gameId, 3, 4), "played"))["ply"]!);
        await yellow.MoveAsync(gameId, 5);
        red.Abort();
        await red.DisposeAsync();
        var offline = await yellow.NextAsync("presence", gameId);
        Assert.Equal("red", (string?)offline["color"]);
        Assert.False((bool)offline["online"]!, $"Expected red offline in game {gameId}: {offline.ToJsonString()}");

        await using var back = await TestClient.HelloAsync(host.WsUri, token: red.Token);
        Assert.Equal(red.PlayerId, back.PlayerId);
        var welcome = back.Seen[0];
        Assert.Equal("welcome", (string?)welcome["type"]);
        Assert.Equal("alice", (string?)welcome["name"]);
        Assert.Equal([gameId], welcome["games"]!.AsArray().Select(g => (string)g!));

        // The snapshot follows the welcome and holds every move, including the one played just before the drop.
        var snapshot = await back.NextAsync("game", gameId);
        Assert.Equal(1, back.Seen.ToList().FindIndex(m => (string?)m["type"] == "game"));
        Assert.Equal("red", (string?)snapshot["you"]);
        Assert.Equal([3, 4, 3, 4, 3], Moves(snapshot));
        Assert.Equal("playing", (string?)snapshot["status"]);
        Assert.Equal("yellow", (string?)snapshot["turn"]);
        Assert.True((bool)snapshot["red"]!["online"]!, $"Red should be online again in {snapshot.ToJsonString()}");
        Assert.True((bool)snapshot["yellow"]!["online"]!, $"Yellow should be online in {snapshot.ToJsonString()}");
        Assert.False(snapshot.ContainsKey("rid"));

        var online = await yellow.NextAsync("presence", gameId);
        Assert.Equal("red", (string?)online["color"]);
        Assert.True((bool)online["online"]!, $"Expected red online again in game {gameId}: {online.ToJsonString()}");

        // The client did not know its move was acknowledged and sends it again with the ply it had seen.
        Assert.Equal("stale", await back.ErrorOfAsync(Play(gameId, 3, 4)));
        Assert.Equal([3, 4, 3, 4, 3], Moves(await StateAsync(back, gameId)));

        // The game goes on from the snapshot and finishes.
        await GamePlayTests.PlayMovesAsync(gameId, back, yellow, [4, 3], startPly: 5);
        foreach (var client in new[] { back, yellow })
        {
            var over = await client.NextAsync("over", gameId);
            Assert.Equal("red", (string?)over["result"]);
            Assert.Equal("four", (string?)over["reason"]);
        }

        Assert.Equal([3, 4, 3, 4, 3, 4, 3], Moves(await StateAsync(yellow, gameId)));
        Assert.Equal(7, yellow.Seen.Count(m => (string?)m["type"] == "move"));
        var presence = yellow.Seen.Where(m => (string?)m["type"] == "presence").Select(m => ((string?)m["color"], (bool)m["online"]!));
        Assert.Equal([("red", false), ("red", true)], presence);

        // A finished game is no longer among the player's games.
        await using var later = await TestClient.ConnectAsync(host.WsUri);
        var again = await later.RequestAsync(new JsonObject { ["type"] = "hello", ["token"] = red.Token }, "welcome");
        Assert.Empty(again["games"]!.AsArray());
    }

    [Fact]
    public async Task A_player_on_two_sockets_gets_every_event_on_both_including_a_game_created_on_the_other()
    {
        await using var host = await StartHostAsync();
        await using var first = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var second = await TestClient.HelloAsync(host.WsUri, token: first.Token);
        Assert.Equal(first.PlayerId, second.PlayerId);
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");

        var created = await first.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        await first.NextAsync("game", gameId);
        var listed = await second.NextAsync("game", gameId);
        Assert.Equal("red", (string?)listed["you"]);
        Assert.Equal("waiting", (string?)listed["status"]);
        Assert.Equal((string?)created["joinKey"], (string?)listed["joinKey"]);
        Assert.Equal((string?)created["watchKey"], (string?)listed["watchKey"]);

        await bob.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        foreach (var socket in new[] { first, second })
        {
            var joinedBy = await socket.NextAsync("joined-by", gameId);
            Assert.Equal(bob.PlayerId, (string?)joinedBy["player"]!["playerId"]);
        }

        // Red's moves come from either socket; both sockets and bob see every move.
        int[] columns = [0, 1, 0, 1, 0, 1, 0];
        for (var ply = 0; ply < columns.Length; ply++)
        {
            var mover = ply % 2 == 1 ? bob : ply % 4 == 0 ? first : second;
            await mover.RequestAsync(Play(gameId, columns[ply], ply), "played");
            foreach (var socket in new[] { first, second, bob })
            {
                var move = await socket.MoveAsync(gameId, ply + 1);
                Assert.Equal(columns[ply], (int)move["column"]!);
            }
        }

        foreach (var socket in new[] { first, second, bob })
        {
            Assert.Equal("red", (string?)(await socket.NextAsync("over", gameId))["result"]);
            Assert.Equal(Enumerable.Range(1, columns.Length), socket.Seen.Where(m => (string?)m["type"] == "move").Select(m => (int)m["ply"]!));
        }

        // The second socket's own games reach the first one too.
        var other = await second.RequestAsync(new JsonObject { ["type"] = "create", ["color"] = "yellow" }, "created");
        var otherId = (string)other["gameId"]!;
        var mirrored = await first.NextAsync("game", otherId);
        Assert.Equal("yellow", (string?)mirrored["you"]);
        await bob.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)other["joinKey"]! }, "joined");
        await first.NextAsync("joined-by", otherId);
        await second.NextAsync("joined-by", otherId);

        // Closing one of the two sockets does not take red offline: bob sees no presence before the next move.
        var registry = Registry(host);
        await second.DisposeAsync();
        await UntilAsync(() => registry.Count == 2, $"the server to drop the second socket of {first.PlayerId}");
        await bob.RequestAsync(Play(otherId, 3, 0), "played");
        await first.MoveAsync(otherId, 1);
        Assert.DoesNotContain(bob.Seen, m => (string?)m["type"] == "presence");

        // Closing the last one does, in the game still being played; the finished game announces nothing.
        await first.DisposeAsync();
        var offline = await bob.NextAsync("presence", otherId);
        Assert.False((bool)offline["online"]!, $"Expected {first.PlayerId} offline in {otherId}: {offline.ToJsonString()}");
        Assert.DoesNotContain(bob.Seen, m => (string?)m["type"] == "presence" && (string?)m["gameId"] == gameId);
    }
}

public sealed class ResumeEmbeddedTests : ResumeTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class ResumeClusterTests(ClusterFixture fixture) : ResumeTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
