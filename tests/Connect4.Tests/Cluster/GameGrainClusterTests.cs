using System.Text.Json;
using Connect4.GrainInterfaces;
using Connect4.Runtime;
using Connect4.Runtime.Membership;
using Connect4.Tests.Infrastructure;
using StackExchange.Redis;

namespace Connect4.Tests.Cluster;

/// <summary>
/// The behaviours of <see cref="Grains.GameGrainTests"/> on a 3-silo cluster with Redis storage, called from a client
/// node: every call and every observer callback crosses the wire, and a game and its players are placed on silos by
/// their ids. Player ids are unique per test, so the tests share one cluster.
/// </summary>
/// <remarks>
/// Not repeated here, being in-process by nature: a move whose write fails (it needs the faulty in-memory storage)
/// and a collected game coming back (it needs the manual clock); the cluster's counterpart of the latter is
/// <see cref="A_game_whose_silo_is_killed_comes_back_on_another_with_its_acknowledged_moves"/>.
/// </remarks>
public sealed class GameGrainClusterTests(GameGrainClusterTests.ClientFixture fixture) : IClassFixture<GameGrainClusterTests.ClientFixture>
{
    /// <summary>A <see cref="ClusterFixture"/> with a client node, and a connection to its Redis server to read state with.</summary>
    public sealed class ClientFixture : IAsyncLifetime
    {
        private readonly ClusterFixture _cluster = new();
        private TestNode? _node;
        private ConnectionMultiplexer? _redis;

        public TestCluster Cluster => _cluster.Cluster;

        public RedisServer Redis => _cluster.Redis;

        /// <summary>The client node every test calls through.</summary>
        public TestNode Node => _node ?? throw new InvalidOperationException("The fixture has not started.");

        public IDatabase Database => (_redis ?? throw new InvalidOperationException("The fixture has not started.")).GetDatabase();

        public async Task InitializeAsync()
        {
            await _cluster.InitializeAsync();
            _node = await _cluster.Cluster.AddClientAsync();
            await _cluster.Cluster.WaitForMembershipAsync();
            _redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.ConnectionString);
        }

        public async Task DisposeAsync()
        {
            if (_redis is not null)
            {
                await _redis.CloseAsync();
                _redis.Dispose();
            }

            await _cluster.DisposeAsync();
        }
    }

    private IClusterClient Client => fixture.Node.Client;

    private static string NewId(string name) => $"p-{name}-{Guid.NewGuid():N}";

    private static async Task<(IGameGrain Game, string GameId)> StartedGame(IClusterClient client, string red, string yellow)
    {
        var created = await client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions());
        await client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        return (client.GetGrain<IGameGrain>(created.GameId), created.GameId);
    }

    /// <summary>The silo that hosts a grain, as the client node's view places it.</summary>
    private string SiloOf(string grainType, string key) =>
        Placement.Pick(new GrainId(grainType, key), fixture.Node.Node.Membership.View.ActiveSilos)?.NodeId
        ?? throw new InvalidOperationException("The cluster has no active silo.");

    /// <summary>The moves of a game as its record in Redis holds them.</summary>
    private static async Task<List<int>> StoredMoves(IDatabase database, string clusterId, string gameId)
    {
        var data = await database.HashGetAsync($"c4:{clusterId}:state:game/{gameId}/game", "data");
        Assert.False(data.IsNull, $"No record of game {gameId} in Redis under cluster {clusterId}.");
        using var document = JsonDocument.Parse((byte[])data!);
        return [.. document.RootElement.GetProperty("Moves").EnumerateArray().Select(m => m.GetInt32())];
    }

    [Fact]
    public async Task An_acknowledged_move_is_already_in_redis()
    {
        var red = NewId("red");
        var (game, gameId) = await StartedGame(Client, red, NewId("yellow"));

        Assert.Equal(1, await game.Play(red, 3, 0));

        Assert.Equal([3], await StoredMoves(fixture.Database, fixture.Cluster.ClusterId, gameId));
    }

    [Fact]
    public async Task Rule_violations_cross_the_wire_with_their_code_game_player_and_ply()
    {
        var red = NewId("red");
        var (game, gameId) = await StartedGame(Client, red, NewId("yellow"));
        await game.Play(red, 0, 0);

        var error = await Assert.ThrowsAsync<GameRuleException>(() => game.Play(red, 1, 1));

        Assert.Equal(RuleCodes.NotYourTurn, error.Code);
        Assert.Equal(gameId, error.GameId);
        Assert.Equal(red, error.PlayerId);
        Assert.Equal(1, error.Ply);
    }

    [Fact]
    public async Task The_end_of_a_game_updates_both_records_and_unfinished_lists_across_silos()
    {
        // Players and game on three different silos, so that the game's calls to the players cross the wire.
        string red, yellow, gameId;
        IGameGrain game;
        while (true)
        {
            red = NewId("red");
            do
            {
                yellow = NewId("yellow");
            }
            while (SiloOf("player", yellow) == SiloOf("player", red));

            var created = await Client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions());
            if (SiloOf("game", created.GameId) is var home && home != SiloOf("player", red) && home != SiloOf("player", yellow))
            {
                await Client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
                (game, gameId) = (Client.GetGrain<IGameGrain>(created.GameId), created.GameId);
                break;
            }
        }

        Assert.Equal([gameId], (await Client.GetGrain<IPlayerGrain>(red).GetProfile()).Games);
        Assert.Equal([gameId], (await Client.GetGrain<IPlayerGrain>(yellow).GetProfile()).Games);

        await game.Resign(yellow);

        var redProfile = await Client.GetGrain<IPlayerGrain>(red).GetProfile();
        var yellowProfile = await Client.GetGrain<IPlayerGrain>(yellow).GetProfile();
        Assert.Empty(redProfile.Games);
        Assert.Empty(yellowProfile.Games);
        Assert.Equal(new PlayerStats(1, 0, 0), redProfile.Stats);
        Assert.Equal(new PlayerStats(0, 1, 0), yellowProfile.Stats);
        var view = await game.GetView(red);
        Assert.Equal(GameResult.RedWins, view.Result);
        Assert.Equal(EndReason.Resign, view.Reason);
    }

    [Fact]
    public async Task A_player_is_online_while_one_of_its_connections_on_a_client_node_follows_the_game()
    {
        var (red, yellow) = (NewId("red"), NewId("yellow"));
        var (game, _) = await StartedGame(Client, red, yellow);
        var redWatcher = new GameEventRecorder();
        var yellowTab1 = new GameEventRecorder();
        var yellowTab2 = new GameEventRecorder();
        var redRef = Client.CreateObjectReference<IGameObserver>(redWatcher);
        var tab1 = Client.CreateObjectReference<IGameObserver>(yellowTab1);
        var tab2 = Client.CreateObjectReference<IGameObserver>(yellowTab2);

        await game.Subscribe(redRef, red, null);
        Assert.False((await game.GetView(red)).Yellow!.Online);
        await game.Subscribe(tab1, yellow, null);
        await game.Subscribe(tab2, yellow, null);
        Assert.True((await game.GetView(red)).Yellow!.Online);

        await game.Unsubscribe(tab1);
        await game.Unsubscribe(tab2);

        var presence = redWatcher.Events.OfType<PresenceChanged>().ToList();
        Assert.Equal([new PresenceChanged(presence[0].GameId, Color.Yellow, true), new PresenceChanged(presence[0].GameId, Color.Yellow, false)], presence);
        Assert.False((await game.GetView(red)).Yellow!.Online);
        Client.DeleteObjectReference<IGameObserver>(redRef);
    }

    [Fact]
    public async Task A_gone_subscriber_on_a_client_node_is_dropped_and_its_player_goes_offline()
    {
        var (redId, yellowId) = (NewId("red"), NewId("yellow"));
        var (game, _) = await StartedGame(Client, redId, yellowId);
        var red = new GameEventRecorder();
        var redRef = Client.CreateObjectReference<IGameObserver>(red);
        var yellowRef = Client.CreateObjectReference<IGameObserver>(new GameEventRecorder());
        await game.Subscribe(redRef, redId, null);
        await game.Subscribe(yellowRef, yellowId, null);

        Client.DeleteObjectReference<IGameObserver>(yellowRef);
        await game.Play(redId, 2, 0);

        Assert.Contains(red.Events, e => e is PresenceChanged { Color: Color.Yellow, Online: false });
        Assert.False((await game.GetView(redId)).Yellow!.Online);
        Client.DeleteObjectReference<IGameObserver>(redRef);
    }

    [Fact]
    public async Task A_random_colour_is_sometimes_red_and_sometimes_yellow()
    {
        var chooser = NewId("chooser");
        var colours = new HashSet<ViewerRole>();
        for (var i = 0; i < 40 && colours.Count < 2; i++)
        {
            var created = await Client.GetGrain<IPlayerGrain>(chooser).CreateGame(new CreateGameOptions(Color: ColorChoice.Random));
            colours.Add((await Client.GetGrain<IGameGrain>(created.GameId).GetView(chooser)).You);
        }

        Assert.Equal([ViewerRole.Red, ViewerRole.Yellow], colours.Order());
    }

    [Fact]
    public async Task Keys_are_capabilities_a_wrong_secret_finds_nothing()
    {
        var created = await Client.GetGrain<IPlayerGrain>(NewId("a")).CreateGame(new CreateGameOptions());
        var forged = created.GameId + ".AAAAAAAAAAAAAAAAAAAAAA";

        var error = await Assert.ThrowsAsync<GameRuleException>(() => Client.GetGrain<IPlayerGrain>(NewId("b")).JoinGame(forged));

        Assert.Equal(RuleCodes.NotFound, error.Code);
        Assert.True(created.JoinKey.Length - created.GameId.Length - 1 >= 16, "the secret part carries at least 96 bits");
    }

    [Fact]
    public async Task A_game_whose_silo_is_killed_comes_back_on_another_with_its_acknowledged_moves()
    {
        // It kills a silo, so it has a cluster of its own (on the shared Redis server, under another cluster id).
        await using var cluster = await TestCluster.StartAsync(fixture.Redis.ConnectionString, silos: 3);
        var node = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var (red, yellow) = (NewId("red"), NewId("yellow"));
        var (game, gameId) = await StartedGame(node.Client, red, yellow);
        Assert.Equal(1, await game.Play(red, 6, 0));
        Assert.Equal(2, await game.Play(yellow, 6, 1));

        var home = Placement.Pick(new GrainId("game", gameId), node.Node.Membership.View.ActiveSilos)!.NodeId;
        await cluster.KillAsync(cluster.Silos.Single(s => s.NodeId == home));
        await cluster.WaitForMembershipAsync();
        var next = Placement.Pick(new GrainId("game", gameId), node.Node.Membership.View.ActiveSilos)!.NodeId;
        Assert.NotEqual(home, next);

        Assert.Equal([6, 6], (await game.GetView(red)).Moves);
        Assert.Equal(3, await game.Play(red, 5, 2));
        Assert.Equal([6, 6, 5], await StoredMoves(fixture.Database, cluster.ClusterId, gameId));
    }
}
