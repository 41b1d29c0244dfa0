using System.Diagnostics;
using System.Text.Json.Nodes;
using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Gateway;

/// <summary>Whole games over real WebSockets, against an embedded gateway and against a 3-silo cluster.</summary>
public abstract class GamePlayTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    /// <summary>Creates a game as red and joins it as yellow; returns the game id and the watch key.</summary>
    internal static async Task<(string GameId, string WatchKey)> StartGameAsync(TestClient red, TestClient yellow)
    {
        var created = await red.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        var snapshot = await red.NextAsync("game", gameId);
        Assert.Equal("waiting", (string?)snapshot["status"]);
        Assert.Equal((string?)created["joinKey"], (string?)snapshot["joinKey"]);

        var joined = await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        Assert.Equal(gameId, (string?)joined["gameId"]);
        var yellowView = await yellow.NextAsync("game", gameId);
        Assert.Equal("yellow", (string?)yellowView["you"]);
        Assert.Equal("playing", (string?)yellowView["status"]);
        Assert.Equal("red", (string?)yellowView["turn"]);
        Assert.Null(yellowView["joinKey"]);

        var joinedBy = await red.NextAsync("joined-by", gameId);
        Assert.Equal(yellow.PlayerId, (string?)joinedBy["player"]!["playerId"]);
        return (gameId, (string)created["watchKey"]!);
    }

    /// <summary>Plays <paramref name="columns"/> alternately (red first), each move checked on both sides.</summary>
    internal static async Task PlayMovesAsync(string gameId, TestClient red, TestClient yellow, IReadOnlyList<int> columns, int startPly = 0)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            var ply = startPly + i;
            var (mover, other) = ply % 2 == 0 ? (red, yellow) : (yellow, red);
            var played = await mover.RequestAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = columns[i], ["ply"] = ply }, "played");
            Assert.Equal(ply + 1, (int)played["ply"]!);
            var move = await other.MoveAsync(gameId, ply + 1);
            Assert.Equal(columns[i], (int)move["column"]!);
            Assert.Equal(ply % 2 == 0 ? "red" : "yellow", (string?)move["player"]);
        }
    }

    [Fact]
    public async Task Two_players_play_to_a_vertical_win_and_both_see_the_winning_four()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await StartGameAsync(red, yellow);

        await PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4, 3, 4, 3]);

        foreach (var client in new[] { red, yellow })
        {
            var over = await client.NextAsync("over", gameId);
            Assert.Equal("red", (string?)over["result"]);
            Assert.Equal("four", (string?)over["reason"]);
            var line = over["line"]!.AsArray().Select(c => ((int)c![0]!, (int)c[1]!)).ToList();
            Assert.Equal([(3, 0), (3, 1), (3, 2), (3, 3)], line);
        }

        var state = await red.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
        Assert.Equal("over", (string?)state["status"]);
        Assert.Null(state["turn"]);
        Assert.Equal(7, state["moves"]!.AsArray().Count);
        Assert.Equal("alice", (string?)state["red"]!["name"]);
        Assert.Equal("bob", (string?)state["yellow"]!["name"]);
    }

    /// <summary>A full board with no four: columns filled in pairs, in an order that never lines up four.</summary>
    internal static readonly int[] DrawGame =
    [
        0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0,
        2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2,
        4, 5, 4, 5, 4, 5, 5, 4, 5, 4, 5, 4,
        6, 6, 6, 6, 6, 6,
    ];

    [Fact]
    public async Task A_full_board_without_four_is_a_draw()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri);
        await using var yellow = await TestClient.HelloAsync(host.WsUri);
        var (gameId, _) = await StartGameAsync(red, yellow);

        await PlayMovesAsync(gameId, red, yellow, DrawGame);

        var over = await red.NextAsync("over", gameId);
        Assert.Equal("draw", (string?)over["result"]);
        Assert.Equal("full", (string?)over["reason"]);
        Assert.Null(over["line"]);
        Assert.Equal("game-over", await yellow.ErrorOfAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = 0 }));
    }

    [Fact]
    public async Task A_spectator_sees_every_move_in_order_and_is_counted()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri);
        await using var yellow = await TestClient.HelloAsync(host.WsUri);
        await using var spectator = await TestClient.HelloAsync(host.WsUri, "carol");
        var (gameId, watchKey) = await StartGameAsync(red, yellow);
        await PlayMovesAsync(gameId, red, yellow, [0, 1]);

        await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        var snapshot = await spectator.NextAsync("game", gameId);
        Assert.Equal("spectator", (string?)snapshot["you"]);
        Assert.Equal([0, 1], snapshot["moves"]!.AsArray().Select(m => (int)m!));
        Assert.Null(snapshot["joinKey"]);
        Assert.Equal(1, (int)(await red.NextAsync("spectators", gameId))["count"]!);

        int[] rest = [2, 2, 3, 3, 4, 4, 5];
        await PlayMovesAsync(gameId, red, yellow, rest, startPly: 2);
        await spectator.NextAsync("over", gameId);

        var moves = spectator.Seen.Where(m => (string?)m["type"] == "move").ToList();
        Assert.Equal(Enumerable.Range(3, rest.Length), moves.Select(m => (int)m["ply"]!));
        Assert.Equal(rest, moves.Select(m => (int)m["column"]!));
    }

    /// <summary>Where a test may write what it measured.</summary>
    protected virtual Xunit.Abstractions.ITestOutputHelper? Output => null;

    [Fact]
    public async Task A_human_plays_a_whole_game_against_the_perfect_bot_and_does_not_win()
    {
        await using var host = await StartHostAsync();
        await using var human = await TestClient.HelloAsync(host.WsUri, "dave");
        var created = await human.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 5, ["color"] = "red" }, "created");
        var gameId = (string)created["gameId"]!;
        var snapshot = await human.NextAsync("game", gameId);
        Assert.Equal("playing", (string?)snapshot["status"]);
        Assert.Equal("red", (string?)snapshot["you"]);
        Assert.Equal("Computer (level 5)", (string?)snapshot["yellow"]!["name"]);

        // The human plays random moves that do not lose at once; the bot must answer each within its budget.
        var random = new Random(7);
        var board = Board.Empty;
        var slowest = 0.0;
        while (true)
        {
            var moves = board.NonLosingMoves();
            var column = moves[random.Next(moves.Count)];
            var ended = board.IsWinningMove(column);
            board = board.Play(column);
            await human.RequestAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = column, ["ply"] = board.Ply - 1 }, "played");
            var since = Stopwatch.GetTimestamp();
            if (ended || board.IsFull)
            {
                break;
            }

            var answer = await human.MoveAsync(gameId, board.Ply + 1, TimeSpan.FromSeconds(5));
            slowest = Math.Max(slowest, Stopwatch.GetElapsedTime(since).TotalMilliseconds);
            Assert.Equal("yellow", (string?)answer["player"]);
            var reply = (int)answer["column"]!;
            ended = board.IsWinningMove(reply);
            board = board.Play(reply);
            if (ended || board.IsFull)
            {
                break;
            }
        }

        var over = await human.NextAsync("over", gameId);
        Assert.NotEqual("red", (string?)over["result"]);
        Output?.WriteLine($"slowest bot answer: {slowest:F0} ms over {board.Ply} plies");
        Assert.True(slowest < 1000, $"the bot took {slowest:F0} ms to answer");
    }

    [Fact]
    public async Task Analysis_is_refused_during_a_human_game_and_given_after_it_and_during_a_bot_game()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri);
        await using var yellow = await TestClient.HelloAsync(host.WsUri);
        var (gameId, _) = await StartGameAsync(red, yellow);
        await PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4, 3, 4]);

        Assert.Equal("not-allowed", await red.ErrorOfAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = gameId }));
        Assert.Equal("not-allowed", await yellow.ErrorOfAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = gameId }));
        Assert.Equal("not-found", await red.ErrorOfAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = "nosuchgame00" }));

        await yellow.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        var analysis = await red.RequestAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = gameId }, "analysis");
        Assert.Equal(gameId, (string?)analysis["gameId"]);
        Assert.Equal(6, (int)analysis["ply"]!);
        var scores = analysis["scores"]!.AsArray().Select(s => (int?)s).ToList();
        Assert.Equal(7, scores.Count);
        Assert.Equal(18, scores[3]);  // red completes four with its 4th disc: 22 - 4
        Assert.Equal([3], analysis["best"]!.AsArray().Select(b => (int)b!));

        // The human of a bot game may analyse while it goes on.
        var created = await red.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 2, ["color"] = "yellow" }, "created");
        var botGame = (string)created["gameId"]!;
        await red.NextAsync("game", botGame);
        var during = await red.RequestAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = botGame }, "analysis");
        Assert.InRange((int)during["ply"]!, 0, 1);
        Assert.Equal(7, during["scores"]!.AsArray().Count);
    }
}

public sealed class GamePlayEmbeddedTests(Xunit.Abstractions.ITestOutputHelper output) : GamePlayTests
{
    protected override Xunit.Abstractions.ITestOutputHelper? Output => output;

    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class GamePlayClusterTests(ClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : GamePlayTests, IClassFixture<ClusterFixture>
{
    protected override Xunit.Abstractions.ITestOutputHelper? Output => output;

    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
