using System.Text.Json.Nodes;
using Connect4.GrainInterfaces;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Cluster;

/// <summary>The cluster losing, stopping or restarting one of its parts while games are played.</summary>
[Collection("redis")]
public sealed class FailoverTests(RedisServerFixture redis)
{
    private const string Secret = "a-token-secret-shared-by-every-gateway";

    /// <summary>A 42-move game that ends in a draw: long enough to be in progress whatever happens.</summary>
    private static readonly int[] Moves = GamePlayTests.DrawGame;

    /// <summary>
    /// Plays one move until the cluster takes it: an answer lost to a dying silo is retried with the same ply,
    /// and a <c>stale</c> on the retry means the first attempt was applied.
    /// </summary>
    private static async Task PlayAcknowledgedAsync(IGameGrain game, string player, int column, int ply)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                Assert.Equal(ply + 1, await game.Play(player, column, ply));
                return;
            }
            catch (GameRuleException e) when ((e.Code == RuleCodes.Stale && e.Ply == ply + 1) || e.Code == RuleCodes.GameOver)
            {
                // A retry of a move that was applied: stale, or game-over when that move ended the game.
                var moves = (await game.GetView(player)).Moves;
                Assert.Equal(ply + 1, moves.Count);
                Assert.Equal(column, moves[ply]);
                return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or Orleans.Storage.InconsistentStateException
                                          or Orleans.Persistence.Redis.RedisStorageException && DateTime.UtcNow < deadline)
            {
                // Lost with the dying silo, or refused to its stale activation: the cluster moves the game; try again.
            }
        }
    }

    [Fact]
    public async Task Fifty_games_keep_every_acknowledged_move_when_a_silo_dies_and_no_grain_has_two_writers()
    {
        var writes = new WriteLog();
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3, siloServices: writes.Decorate);
        var client = await cluster.AddClientAsync();
        var games = new List<(IGameGrain Game, string Red, string Yellow)>();
        for (var i = 0; i < 50; i++)
        {
            var red = $"p-red-{i}-{Guid.NewGuid():N}";
            var yellow = $"p-yellow-{i}-{Guid.NewGuid():N}";
            var created = await client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions());
            await client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
            games.Add((client.GetGrain<IGameGrain>(created.GameId), red, yellow));
        }

        var killed = new TaskCompletionSource();
        var play = games.Select(g => Task.Run(async () =>
        {
            for (var ply = 0; ply < Moves.Length; ply++)
            {
                if (ply == 10)
                {
                    await killed.Task;
                }

                await PlayAcknowledgedAsync(g.Game, ply % 2 == 0 ? g.Red : g.Yellow, Moves[ply], ply);
            }
        })).ToList();

        await Task.Delay(200);
        await cluster.KillAsync(cluster.Silos[0]);
        killed.SetResult();
        await Task.WhenAll(play);

        foreach (var (game, red, _) in games)
        {
            var view = await game.GetView(red);
            Assert.Equal(Moves, view.Moves);
            Assert.Equal(GameResult.Draw, view.Result);
        }

        Assert.Empty(writes.Forks());
        Assert.True(writes.Writes.Count >= 50 * Moves.Length, $"only {writes.Writes.Count} writes were recorded");
    }

    /// <summary>Waits until a client has seen ply <paramref name="ply"/>: as a move event, or inside a fresh snapshot.</summary>
    private static Task<JsonObject> SeesAsync(TestClient client, string gameId, int ply) =>
        client.ReceiveAsync(m => (string?)m["gameId"] == gameId
            && (((string?)m["type"] == "move" && (int?)m["ply"] == ply) || ((string?)m["type"] == "game" && m["moves"]!.AsArray().Count >= ply)),
            $"ply {ply} of {gameId}", TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_silo_stopped_gracefully_during_play_costs_no_player_an_error()
    {
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3);
        await using var gateway = await GatewayHost.StartAsync(cluster: cluster);
        var players = new List<(TestClient Red, TestClient Yellow, string GameId)>();
        for (var i = 0; i < 8; i++)
        {
            var red = await TestClient.HelloAsync(gateway.WsUri);
            var yellow = await TestClient.HelloAsync(gateway.WsUri);
            var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
            players.Add((red, yellow, gameId));
        }

        var stopped = new TaskCompletionSource();
        var games = players.Select(p => Task.Run(async () =>
        {
            for (var ply = 0; ply < Moves.Length; ply++)
            {
                if (ply == 6)
                {
                    await stopped.Task;
                }

                var (mover, other) = ply % 2 == 0 ? (p.Red, p.Yellow) : (p.Yellow, p.Red);
                await mover.RequestAsync(new JsonObject { ["type"] = "play", ["gameId"] = p.GameId, ["column"] = Moves[ply], ["ply"] = ply }, "played");
                await SeesAsync(other, p.GameId, ply + 1);
            }
        })).ToList();

        await Task.Delay(300);
        var stopping = cluster.StopAsync(cluster.Silos[1]);
        stopped.SetResult();
        await stopping;
        await Task.WhenAll(games);

        foreach (var (red, yellow, gameId) in players)
        {
            foreach (var client in new[] { red, yellow })
            {
                Assert.DoesNotContain(client.Seen, m => (string?)m["type"] == "error");
                await client.NextAsync("over", gameId, TimeSpan.FromSeconds(10));
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Players_on_different_gateways_see_the_same_events_and_finish_elsewhere_when_their_gateway_dies()
    {
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3);
        var settings = new Dictionary<string, string?> { ["Gateway:TokenSecret"] = Secret };
        await using var first = await GatewayHost.StartAsync(settings, cluster);
        await using var second = await GatewayHost.StartAsync(settings, cluster);
        await using var third = await GatewayHost.StartAsync(settings, cluster);
        var red = await TestClient.HelloAsync(first.WsUri, "red");
        await using var yellow = await TestClient.HelloAsync(second.WsUri, "yellow");
        await using var spectator = await TestClient.HelloAsync(third.WsUri, "watcher");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);
        await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        await spectator.NextAsync("game", gameId);

        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, Moves[..8]);
        await spectator.MoveAsync(gameId, 8);
        string[] Events(TestClient c) => c.Seen
            .Where(m => (string?)m["gameId"] == gameId && (string?)m["type"] is "move")
            .Select(m => $"{m["ply"]}:{m["player"]}:{m["column"]}:{m["row"]}").ToArray();
        Assert.Equal(8, Events(spectator).Length);
        Assert.Equal(Events(spectator), Events(red));
        Assert.Equal(Events(spectator), Events(yellow));

        // The first gateway dies: red's socket drops; red comes back through another gateway with its token.
        await first.KillAsync();
        await red.WaitClosedAsync();
        await yellow.ReceiveAsync(m => (string?)m["type"] == "presence" && (string?)m["color"] == "red" && (bool?)m["online"] == false,
            "red going offline");  // within the 10 s default wait: the dead gateway's lease (6 s) lapses, checked every second
        await using var redAgain = await TestClient.HelloAsync(second.WsUri, token: red.Token);
        Assert.Equal(red.PlayerId, redAgain.PlayerId);
        var snapshot = await redAgain.NextAsync("game", gameId);
        Assert.Equal(Moves[..8], snapshot["moves"]!.AsArray().Select(m => (int)m!));

        await GamePlayTests.PlayMovesAsync(gameId, redAgain, yellow, Moves[8..], startPly: 8);
        await spectator.NextAsync("over", gameId);
        Assert.Equal(Enumerable.Range(1, Moves.Length).Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Events(spectator).Select(e => e.Split(':')[0]));
        Assert.Equal(Events(spectator), Events(yellow));
        await red.DisposeAsync();
    }

    [Fact]
    public async Task When_the_silo_hosting_a_game_dies_the_next_moves_still_arrive_as_move_events()
    {
        await using var cluster = await SiloCluster.StartAsync(redis.ConnectionString, silos: 3);
        await using var gateway = await GatewayHost.StartAsync(cluster: cluster);
        await using var red = await TestClient.HelloAsync(gateway.WsUri);
        await using var yellow = await TestClient.HelloAsync(gateway.WsUri);
        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, Moves[..4]);

        await cluster.KillAsync(cluster.HomeOf(gameId));

        // The move waits for the cluster to notice the death, then runs where the game now lives, which knows
        // which gateways follow the game from its stored state: no snapshot is needed to catch anyone up.
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, Moves[4..8], startPly: 4);
        foreach (var client in new[] { red, yellow })
        {
            Assert.Equal(Enumerable.Range(1, 8), client.Seen.Where(m => (string?)m["type"] == "move").Select(m => (int)m["ply"]!));
            Assert.Single(client.Seen, m => (string?)m["type"] == "game");
            Assert.DoesNotContain(client.Seen, m => (string?)m["type"] == "error");
        }
    }

    [Fact]
    public async Task A_redis_restart_during_play_refuses_moves_cleanly_and_the_cluster_recovers_by_itself()
    {
        await using var server = await RedisServer.StartAsync();
        await using var cluster = await SiloCluster.StartAsync(server.ConnectionString, silos: 3);
        await using var gateway = await GatewayHost.StartAsync(cluster: cluster);
        await using var red = await TestClient.HelloAsync(gateway.WsUri);
        await using var yellow = await TestClient.HelloAsync(gateway.WsUri);
        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, Moves[..4]);

        await server.StopAsync();
        // The refusal may take the storage timeout (5 s) plus a reconnect attempt: wait longer than a client usually would.
        await red.SendAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = Moves[4], ["ply"] = 4, ["rid"] = "down" });
        var refused = await red.ReceiveAsync(m => (string?)m["rid"] == "down", "the reply to a move sent while Redis is down", TimeSpan.FromSeconds(30));
        Assert.Equal("error", (string?)refused["type"]);
        Assert.Equal("unavailable", (string?)refused["code"]);

        await server.RestartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await red.SendAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = Moves[4], ["ply"] = 4, ["rid"] = "retry" });
            var reply = await red.ReceiveAsync(m => (string?)m["rid"] == "retry", "the retried move's reply", TimeSpan.FromSeconds(30));
            if ((string?)reply["type"] == "played")
            {
                Assert.Equal(5, (int)reply["ply"]!);
                break;
            }

            if ((string?)reply["code"] == "stale")
            {
                // The write refused as unavailable reached Redis after all (the client library sends what it queued
                // once the server is back): the move was played once, and the resend is refused, as the protocol says.
                var played = await red.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
                Assert.Equal(Moves[..5], played["moves"]!.AsArray().Select(m => (int)m!));
                break;
            }

            Assert.Equal("unavailable", (string?)reply["code"]);
            Assert.True(DateTime.UtcNow < deadline, "the cluster did not recover within 30 s of Redis coming back");
            await Task.Delay(250);
        }

        await SeesAsync(yellow, gameId, 5);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, Moves[5..10], startPly: 5);
        var state = await yellow.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
        Assert.Equal(Moves[..10], state["moves"]!.AsArray().Select(m => (int)m!));
    }
}
