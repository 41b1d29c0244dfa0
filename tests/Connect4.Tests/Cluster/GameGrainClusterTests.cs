using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Games;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Connect4.Tests.Cluster;

/// <summary>
/// The grains on Orleans' in-process test cluster of three silos, their state in a real Redis server through Orleans'
/// Redis grain storage, called from the cluster's client: state, errors and presence across silos, and silos that are
/// killed, stopped, restarted and added.
/// </summary>
public sealed class GameGrainClusterTests(GameGrainClusterTests.RedisFixture fixture) : IClassFixture<GameGrainClusterTests.RedisFixture>
{
    /// <summary>A Redis server of its own, shared by the tests of this class; each test starts its own cluster on it.</summary>
    public sealed class RedisFixture : IAsyncLifetime
    {
        private RedisServer? _redis;

        public RedisServer Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

        public async Task DisposeAsync()
        {
            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }

    private static string NewId(string name) => $"p-{name}-{Guid.NewGuid():N}";

    private Task<InProcessTestCluster> StartCluster(WriteLog? writes = null) =>
        GrainCluster.StartAsync(silos: 3, redis: fixture.Redis.ConnectionString, services: writes is null ? null : writes.Decorate);

    private static async Task<(IGameGrain Game, string GameId, string Red, string Yellow)> StartedGame(IClusterClient client)
    {
        var (red, yellow) = (NewId("red"), NewId("yellow"));
        var created = await client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions());
        await client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        return (client.GetGrain<IGameGrain>(created.GameId), created.GameId, red, yellow);
    }

    /// <summary>The silo a game is active on.</summary>
    private static InProcessSiloHandle HomeOf(InProcessTestCluster cluster, string gameId) =>
        cluster.Silos.Single(s => s.ServiceProvider.GetRequiredService<HostedGames>().Ids.Contains(gameId));

    /// <summary>The moves of a game as its record in Redis holds them, read by another silo's storage provider.</summary>
    private static async Task<List<int>> StoredMoves(InProcessTestCluster cluster, InProcessSiloHandle reader, IGameGrain game)
    {
        var storage = reader.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GameOptions.StorageName);
        var stored = new GrainState<GameState>();
        await storage.ReadStateAsync("game", game.GetGrainId(), stored);
        Assert.True(stored.RecordExists, $"No record of {game.GetGrainId()} in Redis under service {cluster.Options.ServiceId}.");
        return [.. stored.State!.Moves];
    }

    [Fact]
    public async Task An_acknowledged_move_is_already_in_redis_and_rule_violations_cross_the_wire()
    {
        await using var cluster = await StartCluster();
        var (game, gameId, red, yellow) = await StartedGame(cluster.Client);

        Assert.Equal(1, await game.Play(red, 3, 0));
        var other = cluster.Silos.First(s => s != HomeOf(cluster, gameId));
        Assert.Equal([3], await StoredMoves(cluster, other, game));

        var error = await Assert.ThrowsAsync<GameRuleException>(() => game.Play(red, 1, 1));
        Assert.Equal((RuleCodes.NotYourTurn, gameId, red, 1), (error.Code, error.GameId, error.PlayerId, error.Ply));
        Assert.Equal(RuleCodes.Stale, (await Assert.ThrowsAsync<GameRuleException>(() => game.Play(yellow, 1, 0))).Code);
    }

    [Fact]
    public async Task The_end_of_a_game_updates_both_records_and_presence_reaches_a_client_observer()
    {
        await using var cluster = await StartCluster();
        var (game, gameId, red, yellow) = await StartedGame(cluster.Client);
        var gateway = new GatewayRecorder();
        var reference = cluster.Client.CreateObjectReference<IGatewayObserver>(gateway);
        await game.Subscribe(reference, 1, new Follower(1, red, null));
        await game.Subscribe(reference, 2, new Follower(2, yellow, null));
        await game.Play(red, 3, 0);
        await game.Resign(yellow);

        await gateway.WaitFor(events => events.Any(e => e is GameEnded));
        Assert.Equal([new MoveMade(gameId, 1, Color.Red, 3, 0, Color.Yellow)], gateway.Events.OfType<MoveMade>());
        Assert.Contains(gateway.EventsFor(1), e => e is PresenceChanged { Color: Color.Yellow, Online: true });
        Assert.Equal(new PlayerStats(1, 0, 0), (await cluster.Client.GetGrain<IPlayerGrain>(red).GetProfile()).Stats);
        Assert.Equal(new PlayerStats(0, 1, 0), (await cluster.Client.GetGrain<IPlayerGrain>(yellow).GetProfile()).Stats);
    }

    [Fact]
    public async Task A_game_whose_silo_is_killed_comes_back_on_another_with_its_acknowledged_moves_and_one_writer()
    {
        var writes = new WriteLog();
        await using var cluster = await StartCluster(writes);
        var (game, gameId, red, yellow) = await StartedGame(cluster.Client);
        Assert.Equal(1, await game.Play(red, 6, 0));
        Assert.Equal(2, await game.Play(yellow, 6, 1));

        var home = HomeOf(cluster, gameId);
        await cluster.KillSiloAsync(home);

        Assert.Equal([6, 6], (await Eventually(() => game.GetView(red))).Moves);
        Assert.Equal(3, await game.Play(red, 5, 2));
        Assert.NotEqual(home, HomeOf(cluster, gameId));
        Assert.Equal([6, 6, 5], await StoredMoves(cluster, cluster.Silos[0], game));
        Assert.Empty(writes.Forks());
    }

    [Fact]
    public async Task A_game_whose_silo_stops_gracefully_or_restarts_goes_on_without_an_error()
    {
        await using var cluster = await StartCluster();
        var (game, gameId, red, yellow) = await StartedGame(cluster.Client);
        Assert.Equal(1, await game.Play(red, 2, 0));

        await cluster.StopSiloAsync(HomeOf(cluster, gameId));
        Assert.Equal(2, await game.Play(yellow, 2, 1));

        var restarted = await cluster.RestartSiloAsync(HomeOf(cluster, gameId));
        Assert.NotNull(restarted);
        Assert.Equal(3, await game.Play(red, 2, 2));
        Assert.Equal([2, 2, 2], (await game.GetView(yellow)).Moves);
    }

    [Fact]
    public async Task A_new_silo_takes_a_share_of_new_games()
    {
        await using var cluster = await StartCluster();
        var added = await cluster.StartAdditionalSiloAsync();
        await cluster.WaitForLivenessToStabilizeAsync();

        // The others learn of it (membership, then the statistics placement uses) within moments: new games start
        // landing there.
        var hosted = added.ServiceProvider.GetRequiredService<HostedGames>();
        var games = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (hosted.Count == 0 && DateTime.UtcNow < deadline)
        {
            await StartedGame(cluster.Client);
            games++;
        }

        Assert.True(hosted.Count > 0, $"the added silo hosts none of {games} new games started over 30 s");
    }

    /// <summary>Retries a call while the cluster is still finding out that a silo died.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (e is not GameRuleException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
