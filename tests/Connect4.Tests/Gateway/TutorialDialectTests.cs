using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>The python-websockets tutorial's dialect on <c>/</c> (PROTOCOL.md section 8), alone and mixed with native clients.</summary>
public abstract class TutorialDialectTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static readonly string[] TutorialTypes = ["init", "play", "win", "error"];

    private static JsonObject Init(string? join = null, string? watch = null)
    {
        var init = new JsonObject { ["type"] = "init" };
        if (join is not null)
        {
            init["join"] = join;
        }

        if (watch is not null)
        {
            init["watch"] = watch;
        }

        return init;
    }

    private static JsonObject TutorialPlay(int column) => new() { ["type"] = "play", ["column"] = column };

    /// <summary>Starts a tutorial game as red; returns the client and its join and watch keys.</summary>
    private static async Task<(TestClient Client, string Join, string Watch)> InitAsync(GatewayHost host)
    {
        var client = await TestClient.ConnectAsync(host.TutorialUri);
        await client.SendAsync(Init());
        var init = await client.NextAsync("init");
        var join = (string?)init["join"];
        var watch = (string?)init["watch"];
        Assert.False(string.IsNullOrEmpty(join), $"init without a join key: {init.ToJsonString()}");
        Assert.False(string.IsNullOrEmpty(watch), $"init without a watch key: {init.ToJsonString()}");
        Assert.NotEqual(join, watch);
        return (client, join!, watch!);
    }

    /// <summary>The next tutorial error's text.</summary>
    private static async Task<string?> TutorialErrorAsync(TestClient client, JsonObject message)
    {
        await client.SendAsync(message);
        return (string?)(await client.NextAsync("error"))["message"];
    }

    /// <summary>Sends a tutorial move and waits for every tutorial client in <paramref name="viewers"/> to get it as a <c>play</c> event.</summary>
    private static async Task TutorialMoveAsync(TestClient mover, int column, string player, int row, params TestClient[] viewers)
    {
        await mover.SendAsync(TutorialPlay(column));
        foreach (var viewer in viewers)
        {
            var play = await viewer.NextAsync("play");
            Assert.True((string?)play["player"] == player && (int?)play["column"] == column && (int?)play["row"] == row,
                $"Expected {player} in column {column} row {row}, got {play.ToJsonString()}");
        }
    }

    private static void AssertOnlyTutorialTypes(TestClient client)
    {
        var foreign = client.Seen.Where(m => !TutorialTypes.Contains((string?)m["type"])).ToList();
        Assert.True(foreign.Count == 0, $"A tutorial connection received {string.Join(" ", foreign.Select(m => m.ToJsonString()))}");
    }

    /// <summary>The row each move of <paramref name="columns"/> lands on.</summary>
    private static int[] Rows(IReadOnlyList<int> columns)
    {
        var heights = new int[7];
        return [.. columns.Select(c => heights[c]++)];
    }

    [Fact]
    public async Task A_tutorial_client_and_a_native_client_play_one_game_and_each_sees_every_move_in_its_own_dialect()
    {
        await using var host = await StartHostAsync();
        var (tutorial, joinKey, watchKey) = await InitAsync(host);
        await using var owner = tutorial;
        await using var native = await TestClient.HelloAsync(host.WsUri, "bob");

        var joined = await native.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = joinKey }, "joined");
        var gameId = (string)joined["gameId"]!;
        var snapshot = await native.NextAsync("game", gameId);
        Assert.Equal("yellow", (string?)snapshot["you"]);
        Assert.Equal("playing", (string?)snapshot["status"]);
        Assert.Equal(watchKey, (string?)snapshot["watchKey"]);
        Assert.NotNull(snapshot["red"]);

        // A native spectator through the tutorial's watch key.
        await using var spectator = await TestClient.HelloAsync(host.WsUri, "carol");
        await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");


        int[] columns = [3, 4, 3, 4, 3, 4, 3];
        var rows = Rows(columns);
        for (var ply = 0; ply < columns.Length; ply++)
        {
            if (ply % 2 == 0)
            {
                await TutorialMoveAsync(tutorial, columns[ply], "red", rows[ply], tutorial);
                var move = await native.MoveAsync(gameId, ply + 1);
                Assert.Equal(columns[ply], (int)move["column"]!);
                Assert.Equal("red", (string?)move["player"]);
                Assert.Equal(rows[ply], (int)move["row"]!);
                if (ply == 0)
                {
                    // Red again, out of turn, from the tutorial side.
                    Assert.Equal("It isn't your turn.", await TutorialErrorAsync(tutorial, TutorialPlay(3)));
                }
            }
            else
            {
                await native.RequestAsync(Play(gameId, columns[ply], ply), "played");
                var play = await tutorial.NextAsync("play");
                Assert.Equal(("yellow", columns[ply], rows[ply]), ((string?)play["player"], (int)play["column"]!, (int)play["row"]!));
                if (ply == 1)
                {
                    // Yellow again, out of turn, from the native side.
                    Assert.Equal("not-your-turn", await native.ErrorOfAsync(Play(gameId, 0)));
                }
            }

            await spectator.MoveAsync(gameId, ply + 1);
        }

        var win = await tutorial.NextAsync("win");
        Assert.Equal("red", (string?)win["player"]);
        Assert.Equal("red", (string?)(await native.NextAsync("over", gameId))["result"]);
        Assert.Equal("red", (string?)(await spectator.NextAsync("over", gameId))["result"]);
        Assert.Equal("The game is over.", await TutorialErrorAsync(tutorial, TutorialPlay(0)));
        Assert.Equal("game-over", await native.ErrorOfAsync(Play(gameId, 0)));

        // The tutorial side got exactly: init, the seven moves, the win, and the errors it caused; nothing else,
        // even after the native clients leave (presence and spectator counts are not part of its dialect).
        await spectator.DisposeAsync();
        await native.DisposeAsync();
        await UntilAsync(() => Registry(host).Count == 1, $"the native connections of game {gameId} to close");
        Assert.Equal("The game is over.", await TutorialErrorAsync(tutorial, TutorialPlay(0)));
        var types = tutorial.Seen.Select(m => (string?)m["type"]).ToList();
        Assert.Equal(["init", "play", "error", "play", "play", "play", "play", "play", "play", "win", "error", "error"], types);
        AssertOnlyTutorialTypes(tutorial);
    }

    [Fact]
    public async Task Tutorial_errors_use_the_tutorial_texts()
    {
        await using var host = await StartHostAsync();
        var (red, joinKey, watchKey) = await InitAsync(host);
        await using var owner = red;

        await using var lost = await TestClient.ConnectAsync(host.TutorialUri);
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, Init(join: "nope")));
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, Init(join: "nogame.AAAAAAAAAAAAAAAAAAAAAA")));
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, Init(join: watchKey)));
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, Init(watch: "nope")));
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, Init(watch: joinKey)));
        Assert.Equal("Game not found.", await TutorialErrorAsync(lost, TutorialPlay(3)));

        await using var yellow = await TestClient.ConnectAsync(host.TutorialUri);
        await yellow.SendAsync(Init(join: joinKey));

        // Red moves first: yellow's move is refused, and so is red's second one in a row.
        Assert.Equal("It isn't your turn.", await TutorialErrorAsync(yellow, TutorialPlay(0)));
        await TutorialMoveAsync(red, 0, "red", 0, red, yellow);
        Assert.Equal("It isn't your turn.", await TutorialErrorAsync(red, TutorialPlay(0)));

        await using var third = await TestClient.ConnectAsync(host.TutorialUri);
        Assert.Equal("This game already has two players.", await TutorialErrorAsync(third, Init(join: joinKey)));

        // Column 0 filled alternately, then full.
        for (var row = 1; row < 6; row++)
        {
            var (mover, player) = row % 2 == 1 ? (yellow, "yellow") : (red, "red");
            await TutorialMoveAsync(mover, 0, player, row, red, yellow);
        }

        Assert.Equal("This slot is full.", await TutorialErrorAsync(red, TutorialPlay(0)));
        await TutorialMoveAsync(red, 1, "red", 0, red, yellow);

        // The refused moves changed nothing: a late watcher gets the six moves in column 0 and one in column 1.
        await using var watcher = await TestClient.ConnectAsync(host.TutorialUri);
        await watcher.SendAsync(Init(watch: watchKey));
        var replay = new List<JsonObject>();
        for (var i = 0; i < 7; i++)
        {
            replay.Add(await watcher.NextAsync("play"));
        }

        Assert.Equal([0, 0, 0, 0, 0, 0, 1], replay.Select(p => (int)p["column"]!));
        foreach (var client in new[] { red, yellow, watcher, lost, third })
        {
            AssertOnlyTutorialTypes(client);
        }
    }

    [Fact]
    public async Task A_late_tutorial_watcher_gets_the_earlier_moves_replayed_in_order_then_live_ones()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);
        int[] columns = [3, 3, 2, 4, 1, 6, 5, 0, 4, 4];
        var rows = Rows(columns);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, columns[..6]);

        await using var watcher = await TestClient.ConnectAsync(host.TutorialUri);
        await watcher.SendAsync(Init(watch: watchKey));
        for (var ply = 0; ply < 6; ply++)
        {
            var play = await watcher.NextAsync("play");
            Assert.True((string?)play["player"] == (ply % 2 == 0 ? "red" : "yellow") && (int?)play["column"] == columns[ply] && (int?)play["row"] == rows[ply],
                $"Replayed move {ply} of game {gameId}: expected column {columns[ply]} row {rows[ply]}, got {play.ToJsonString()}");
        }

        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, columns[6..], startPly: 6);
        for (var ply = 6; ply < columns.Length; ply++)
        {
            var play = await watcher.NextAsync("play");
            Assert.True((int?)play["column"] == columns[ply] && (int?)play["row"] == rows[ply],
                $"Live move {ply} of game {gameId}: expected column {columns[ply]} row {rows[ply]}, got {play.ToJsonString()}");
        }

        // Exactly the moves, once each, and nothing of the native events (spectators, presence) in between.
        await yellow.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        Assert.Equal("red", (string?)(await watcher.NextAsync("win"))["player"]);
        Assert.Equal(columns, watcher.Seen.Where(m => (string?)m["type"] == "play").Select(m => (int)m["column"]!));
        Assert.Equal(columns.Length + 1, watcher.Seen.Count);
        AssertOnlyTutorialTypes(watcher);
        Assert.Equal(1, (int)(await red.NextAsync("spectators", gameId))["count"]!);
    }

    [Fact]
    public async Task A_draw_tells_every_tutorial_connection_the_game_is_a_draw_once()
    {
        await using var host = await StartHostAsync();
        var (red, joinKey, watchKey) = await InitAsync(host);
        await using var owner = red;
        await using var yellow = await TestClient.ConnectAsync(host.TutorialUri);
        await yellow.SendAsync(Init(join: joinKey));
        await using var watcher = await TestClient.ConnectAsync(host.TutorialUri);
        await watcher.SendAsync(Init(watch: watchKey));
        await using var native = await TestClient.HelloAsync(host.WsUri, "carol");
        var watching = await native.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        var gameId = (string)watching["gameId"]!;

        // The tutorial dialect answers a join with nothing: wait until the game shows it started.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((string?)(await native.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game"))["status"] != "playing")
        {
            Assert.True(DateTime.UtcNow < deadline, "the tutorial join did not start the game within 10 s");
            await Task.Delay(50);
        }

        var columns = GamePlayTests.DrawGame;
        var rows = Rows(columns);
        for (var ply = 0; ply < columns.Length; ply++)
        {
            var (mover, player) = ply % 2 == 0 ? (red, "red") : (yellow, "yellow");
            await TutorialMoveAsync(mover, columns[ply], player, rows[ply], red, yellow, watcher);
        }

        foreach (var client in new[] { red, yellow, watcher })
        {
            var draw = await client.NextAsync("error");
            Assert.Equal("The game is a draw.", (string?)draw["message"]);
        }

        var over = await native.NextAsync("over", gameId);
        Assert.Equal("draw", (string?)over["result"]);
        Assert.Equal(42, (int)(await native.MoveAsync(gameId, 42))["ply"]!);

        Assert.Equal("The game is over.", await TutorialErrorAsync(red, TutorialPlay(3)));
        foreach (var client in new[] { red, yellow, watcher })
        {
            Assert.Single(client.Seen, m => (string?)m["message"] == "The game is a draw.");
            Assert.DoesNotContain(client.Seen, m => (string?)m["type"] == "win");
            Assert.Equal(42, client.Seen.Count(m => (string?)m["type"] == "play"));
            AssertOnlyTutorialTypes(client);
        }
    }
}

public sealed class TutorialDialectEmbeddedTests : TutorialDialectTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class TutorialDialectClusterTests(ClusterFixture fixture) : TutorialDialectTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
