using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Grains;

/// <summary>
/// Rematch and chat on Orleans' test cluster: a rematch makes exactly one new game, with the colours swapped, even when
/// its making fails midway or its game is deactivated; the chat is kept with the game's state.
/// </summary>
public sealed class RematchAndChatGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    /// <summary>A human game that yellow resigned after one move, with both players' gateways recorded.</summary>
    private async Task<(string GameId, string Red, string Yellow, GatewayRecorder Gateway)> FinishedGame()
    {
        var (game, gameId, red, yellow) = await fixture.StartedGame();
        var gateway = new GatewayRecorder();
        var reference = Client.CreateObjectReference<IGatewayObserver>(gateway);
        await Client.GetGrain<IPlayerGrain>(red).Connect(reference, null);
        await Client.GetGrain<IPlayerGrain>(yellow).Connect(reference, null);
        await game.Play(red, 3, 0);
        await game.Resign(yellow);
        return (gameId, red, yellow, gateway);
    }

    private IGameRematch Rematch(string gameId) => Client.GetGrain<IGameRematch>(gameId);

    private Task<GameView> ViewOf(string gameId, string viewerId) => Client.GetGrain<IGameGrain>(gameId).GetView(viewerId);

    private async Task<IReadOnlyList<string>> GamesOf(string playerId) => (await Client.GetGrain<IPlayerGrain>(playerId).GetProfile()).Games;

    [Fact]
    public async Task An_accepted_rematch_makes_exactly_one_new_game_with_the_colours_swapped_listed_with_both_players()
    {
        var (gameId, red, yellow, gateway) = await FinishedGame();

        Assert.Equal(new RematchOutcome(gameId, null), await Rematch(gameId).Rematch(red));
        Assert.Equal(new RematchView(Color.Red, null), (await ViewOf(gameId, yellow)).Rematch);
        var started = await Rematch(gameId).Rematch(yellow);

        var newGameId = Assert.IsType<string>(started.NewGameId);
        var view = await ViewOf(newGameId, red);
        Assert.Equal((yellow, red, GameStatus.Playing, ViewerRole.Yellow), (view.Red!.PlayerId, view.Yellow!.PlayerId, view.Status, view.You));
        Assert.Equal(new RematchView(null, newGameId), (await ViewOf(gameId, red)).Rematch);
        Assert.Equal([newGameId], await GamesOf(red));
        Assert.Equal([newGameId], await GamesOf(yellow));
        await UntilAsync(() => gateway.PlayerEvents.Count(e => e.Event is RematchStarted) == 2, "both players' gateways hear of the rematch");
        Assert.Equal<(string, GameEvent)>([(red, new RematchStarted(gameId, newGameId)), (yellow, new RematchStarted(gameId, newGameId))],
            gateway.PlayerEvents.Where(e => e.Event is RematchStarted).OrderBy(e => e.PlayerId == yellow));

        // Asking again, either player, starts nothing more.
        foreach (var player in new[] { yellow, red })
        {
            Assert.Equal(RuleCodes.NotAllowed, (await Assert.ThrowsAsync<GameRuleException>(() => Rematch(gameId).Rematch(player))).Code);
        }

        Assert.Equal(1, await Client.GetGrain<IGameGrain>(newGameId).Play(yellow, 3, 0));
        Assert.Equal([newGameId], await GamesOf(red));
    }

    [Fact]
    public async Task A_rematch_whose_making_failed_midway_is_finished_with_the_same_game_by_a_retry()
    {
        var (gameId, red, yellow, _) = await FinishedGame();
        await Rematch(gameId).Rematch(red);

        fixture.Faults.FailWritesOf = "player";
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Rematch(gameId).Rematch(yellow));
        }
        finally
        {
            fixture.Faults.FailWritesOf = null;
        }

        // The new game was decided (and stored) before the failure, not yet listed with the players.
        var decided = (await ViewOf(gameId, red)).Rematch?.NewGameId;
        Assert.NotNull(decided);
        Assert.Empty(await GamesOf(yellow));

        Assert.Equal(new RematchOutcome(gameId, decided), await Rematch(gameId).Rematch(yellow));
        Assert.Equal([decided], await GamesOf(red));
        Assert.Equal([decided], await GamesOf(yellow));
        Assert.Equal(ViewerRole.Red, (await ViewOf(decided, yellow)).You);
    }

    [Fact]
    public async Task A_rematch_left_unfinished_by_its_activation_is_finished_by_the_next_one()
    {
        var (gameId, red, yellow, _) = await FinishedGame();
        await Rematch(gameId).Rematch(red);
        fixture.Faults.FailWritesOf = "player";
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Rematch(gameId).Rematch(yellow));
            await fixture.Cluster.DeactivateAsync(Client.GetGrain<IGameGrain>(gameId));
        }
        finally
        {
            fixture.Faults.FailWritesOf = null;
        }

        // Any call activates the game again, which finishes its rematch by itself.
        var decided = (await ViewOf(gameId, red)).Rematch?.NewGameId;
        Assert.NotNull(decided);
        await UntilAsync(() => GamesOf(red).Result.Contains(decided) && GamesOf(yellow).Result.Contains(decided), "the rematch listed with both players");
        Assert.Equal(RuleCodes.NotAllowed, (await Assert.ThrowsAsync<GameRuleException>(() => Rematch(gameId).Rematch(yellow))).Code);
        Assert.Equal(decided, (await ViewOf(gameId, yellow)).Rematch?.NewGameId);
    }

    [Fact]
    public async Task Against_the_bot_the_first_rematch_starts_at_once_and_the_bot_now_red_moves_first()
    {
        var human = GameGrainFixture.Id("human");
        var created = await Client.GetGrain<IPlayerGrain>(human).CreateGame(new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 1));
        await Client.GetGrain<IGameGrain>(created.GameId).Resign(human);

        var started = await Rematch(created.GameId).Rematch(human);

        var view = await ViewOf(started.NewGameId!, human);
        Assert.Equal((ViewerRole.Yellow, "bot:1", GameStatus.Playing), (view.You, view.Red!.PlayerId, view.Status));
        await UntilAsync(() => ViewOf(started.NewGameId!, human).Result.Ply == 1, "the bot's first move");
    }

    [Fact]
    public async Task Chat_is_kept_with_the_game_and_survives_its_deactivation_room_by_room()
    {
        var (game, _, red, yellow) = await fixture.StartedGame();
        var chat = Client.GetGrain<IGameChat>(game.GetPrimaryKeyString());
        var fan = GameGrainFixture.Id("fan");
        var gateway = Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());
        await game.Subscribe(gateway, 1, new Follower(1, fan, (await game.GetView(red)).WatchKey));
        await chat.Say(new PlayerInfo(red, "Red"), "good luck");
        await chat.Say(new PlayerInfo(yellow, "Yellow"), "you too");
        await chat.Say(new PlayerInfo(fan, "Fan"), "go red");
        await Assert.ThrowsAsync<GameRuleException>(() => chat.Say(new PlayerInfo(GameGrainFixture.Id("stranger"), "Stranger"), "hi"));

        await fixture.Cluster.DeactivateAsync(game);

        Assert.Equal(["good luck", "you too"], (await game.GetView(yellow)).Chat.Select(l => l.Text));
        await game.Subscribe(gateway, 2, new Follower(1, fan, (await game.GetView(red)).WatchKey));
        var seen = (await game.GetView(fan)).Chat;
        Assert.Equal([(3L, ChatRoom.Spectators, "go red", "Fan")], seen.Select(l => (l.Seq, l.Room, l.Text, l.From.Name)));
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 10 s: {what}");
            await Task.Delay(50);
        }
    }
}
