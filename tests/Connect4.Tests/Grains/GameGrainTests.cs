using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Games;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Connect4.Tests.Grains;

public sealed class GameGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    private static string Id(string name) => GameGrainFixture.Id(name);

    private Task<(IGameGrain Game, string GameId, string Red, string Yellow)> StartedGame() => fixture.StartedGame();

    [Fact]
    public async Task An_acknowledged_move_is_already_in_storage()
    {
        var (game, _, red, _) = await StartedGame();

        Assert.Equal(1, await game.Play(red, 3, 0));

        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(GameOptions.StorageName);
        var stored = new GrainState<GameState>();
        await storage.ReadStateAsync("game", game.GetGrainId(), stored);
        Assert.True(stored.RecordExists);
        Assert.Equal([3], stored.State!.Moves);
    }

    [Fact]
    public async Task A_move_whose_write_fails_is_not_played_and_can_be_sent_again()
    {
        var (game, _, red, yellow) = await StartedGame();
        await game.Play(red, 3, 0);

        fixture.Faults.FailWrites = true;
        try
        {
            // Orleans reports a failed write as an OrleansException around the store's own error.
            var error = await Assert.ThrowsAsync<OrleansException>(() => game.Play(yellow, 4, 1));
            Assert.Contains("store unreachable", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            fixture.Faults.FailWrites = false;
        }

        Assert.Equal([3], (await game.GetView(yellow)).Moves);
        Assert.Equal(2, await game.Play(yellow, 4, 1));
        Assert.Equal([3, 4], (await game.GetView(yellow)).Moves);
    }

    [Fact]
    public async Task Rule_violations_carry_their_code_game_player_and_ply()
    {
        var (game, gameId, red, _) = await StartedGame();
        await game.Play(red, 0, 0);

        var error = await Assert.ThrowsAsync<GameRuleException>(() => game.Play(red, 1, 1));

        Assert.Equal(RuleCodes.NotYourTurn, error.Code);
        Assert.Equal(gameId, error.GameId);
        Assert.Equal(red, error.PlayerId);
        Assert.Equal(1, error.Ply);
    }

    [Fact]
    public async Task The_end_of_a_game_updates_both_records_and_unfinished_lists()
    {
        var (game, gameId, redId, yellowId) = await StartedGame();
        Assert.Equal([gameId], (await Client.GetGrain<IPlayerGrain>(redId).GetProfile()).Games);

        await game.Resign(yellowId);

        var red = await Client.GetGrain<IPlayerGrain>(redId).GetProfile();
        var yellow = await Client.GetGrain<IPlayerGrain>(yellowId).GetProfile();
        Assert.Empty(red.Games);
        Assert.Empty(yellow.Games);
        Assert.Equal(new PlayerStats(1, 0, 0), red.Stats);
        Assert.Equal(new PlayerStats(0, 1, 0), yellow.Stats);
        var view = await game.GetView(redId);
        Assert.Equal(GameResult.RedWins, view.Result);
        Assert.Equal(EndReason.Resign, view.Reason);
    }

    [Fact]
    public async Task A_player_is_online_while_one_of_its_connections_follows_the_game()
    {
        var (game, gameId, red, yellow) = await StartedGame();
        var redGateway = new GatewayRecorder();
        var yellowGateway = new GatewayRecorder();
        var redRef = Client.CreateObjectReference<IGatewayObserver>(redGateway);
        var yellowRef = Client.CreateObjectReference<IGatewayObserver>(yellowGateway);

        await game.Subscribe(redRef, 1, new Follower(1, red, null));
        Assert.False((await game.GetView(red)).Yellow!.Online);
        await game.Subscribe(yellowRef, 1, new Follower(1, yellow, null));
        await game.Subscribe(yellowRef, 2, new Follower(2, yellow, null));
        Assert.True((await game.GetView(red)).Yellow!.Online);

        await game.Unsubscribe(yellowRef, 3, 1);
        Assert.True((await game.GetView(red)).Yellow!.Online);
        await game.Unsubscribe(yellowRef, 4, 2);

        await redGateway.WaitFor(events => events.OfType<PresenceChanged>().Count() == 3);
        Assert.Equal(
            [new PresenceChanged(gameId, Color.Yellow, true), new PresenceChanged(gameId, Color.Yellow, false, 60_000)],
            redGateway.EventsFor(1).OfType<PresenceChanged>());
        Assert.False((await game.GetView(red)).Yellow!.Online);

        // The connection whose subscription made yellow online is not told what its own snapshot says.
        await yellowGateway.WaitFor(events => events.Count > 0);
        Assert.DoesNotContain(yellowGateway.EventsFor(1), e => e is PresenceChanged { Color: Color.Yellow, Online: true });
    }

    [Fact]
    public async Task A_gateway_that_stops_renewing_drops_out_and_its_player_goes_offline()
    {
        var (game, _, red, yellow) = await StartedGame();
        var redGateway = new GatewayRecorder();
        var redRef = Client.CreateObjectReference<IGatewayObserver>(redGateway);
        var yellowRef = Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());
        await game.Subscribe(redRef, 1, new Follower(1, red, null));
        await game.Subscribe(yellowRef, 1, new Follower(1, yellow, null));

        // Red's gateway renews; yellow's does not (it died): its lease (1 s here) lapses. Red renews until red's gateway
        // hears it, for as long as that takes on a busy machine (where a renewal can also come late enough for red's own
        // lease to lapse and be renewed again: then the view, not the event, says what happened).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!redGateway.Events.Any(e => e is PresenceChanged { Color: Color.Yellow, Online: false }) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await game.Renew(redRef, 1, [new Follower(1, red, null)]);
        }

        var view = await game.GetView(red);
        Assert.False(view.Yellow!.Online);
        Assert.True(view.Red!.Online);
    }

    [Fact]
    public async Task A_renewal_overtaken_by_a_later_subscription_does_not_undo_it_and_tells_the_ply()
    {
        var (game, _, red, yellow) = await StartedGame();
        var gateway = Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());
        await game.Subscribe(gateway, 2, new Follower(7, yellow, null));

        Assert.Equal(0, await game.Renew(gateway, 1, []));
        Assert.True((await game.GetView(red)).Yellow!.Online);

        await game.Play(red, 3, 0);
        Assert.Equal(1, await game.Renew(gateway, 3, []));
        Assert.False((await game.GetView(red)).Yellow!.Online);
    }

    [Fact]
    public async Task A_renewal_keeps_only_followers_allowed_to_follow()
    {
        var (game, gameId, red, _) = await StartedGame();
        var watchKey = (await game.GetView(red)).WatchKey;
        var gateway = Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());

        await game.Renew(gateway, 1, [new Follower(1, Id("stranger"), null), new Follower(2, Id("forger"), gameId + ".AAAAAAAAAAAAAAAAAAAAAA"), new Follower(3, Id("fan"), watchKey)]);

        Assert.Equal(1, (await game.GetView(red)).Spectators);
        await Assert.ThrowsAsync<GameRuleException>(() => game.Subscribe(gateway, 2, new Follower(4, Id("stranger"), null)));
    }

    [Fact]
    public async Task A_crowd_arriving_costs_a_few_spectator_counts_not_one_per_arrival()
    {
        var (game, gameId, red, _) = await StartedGame();
        var watchKey = (await game.GetView(red)).WatchKey;
        var redGateway = new GatewayRecorder();
        await game.Subscribe(Client.CreateObjectReference<IGatewayObserver>(redGateway), 1, new Follower(1, red, null));
        var crowd = Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());

        await Task.WhenAll(Enumerable.Range(1, 60).Select(i => game.Subscribe(crowd, i, new Follower(i, Id("fan"), watchKey))));

        await redGateway.WaitFor(events => events.Contains(new SpectatorsChanged(gameId, 60)));
        var counts = redGateway.Events.OfType<SpectatorsChanged>().ToList();
        Assert.True(counts.Count <= 10, $"{counts.Count} spectator counts for 60 arrivals");
        Assert.Equal(60, (await game.GetView(red)).Spectators);
    }

    [Fact]
    public async Task A_deactivated_game_comes_back_with_its_moves()
    {
        var (game, _, red, yellow) = await StartedGame();
        await game.Play(red, 6, 0);

        await fixture.Cluster.DeactivateAsync(game);

        Assert.Equal(2, await game.Play(yellow, 6, 1));
        Assert.Equal([6, 6], (await game.GetView(red)).Moves);
    }

    [Fact]
    public async Task A_random_colour_is_sometimes_red_and_sometimes_yellow()
    {
        var chooser = Id("chooser");
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
        var creator = Id("a");
        var created = await Client.GetGrain<IPlayerGrain>(creator).CreateGame(new CreateGameOptions());
        var forged = created.GameId + ".AAAAAAAAAAAAAAAAAAAAAA";

        var error = await Assert.ThrowsAsync<GameRuleException>(() => Client.GetGrain<IPlayerGrain>(Id("b")).JoinGame(forged));

        Assert.Equal(RuleCodes.NotFound, error.Code);
        Assert.True(created.JoinKey.Length - created.GameId.Length - 1 >= 16, "the secret part carries at least 96 bits");
    }
}
