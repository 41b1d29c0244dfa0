using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>A finished game's rematch with no host: offers, acceptance, decline, lapse, the bot, and the new game it makes.</summary>
public sealed class RematchTests
{
    private const string NewId = "newgame00001";
    private static readonly TimeSpan Lapse = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Over = new(2025, 1, 2, 4, 0, 0, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly NewGameRandom NewRandom = new(NewId + ".join", NewId + ".watch", Color.Red);

    /// <summary>Alice (red) against Bob (yellow), over: Bob resigned after one move.</summary>
    private static Game Finished() => Accepted(Started(3).Resign(Bob.PlayerId, Over));

    /// <summary>Alice against the bot at <paramref name="level"/>, Alice as <paramref name="color"/>, over: she resigned.</summary>
    private static Game FinishedAgainstBot(ColorChoice color, int level)
    {
        var game = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, color, level), new("game00000001.j", "game00000001.w", Color.Red), Over));
        return Accepted(game.Resign(Alice.PlayerId, Over));
    }

    private static Decision Rematch(Game game, PlayerInfo player, DateTimeOffset at) => game.Rematch(player.PlayerId, NewId, Lapse, at);

    [Fact]
    public void The_first_rematch_is_an_offer_told_to_the_opponent_and_shown_in_the_snapshot()
    {
        var decision = Rematch(Finished(), Alice, Over);

        var offered = Accepted(decision);
        Assert.Equal([new RematchOffered("game00000001", Color.Red)], decision.Events);
        Assert.Null(offered.PendingRematch);
        Assert.Equal(new RematchView(Color.Red, null), offered.RematchAt(Over.AddMinutes(4)));
        Assert.Equal(new RematchView(Color.Red, null), offered.ViewAt(Bob.PlayerId, default, Over).Rematch);
    }

    [Fact]
    public void The_opponents_rematch_accepts_and_decides_the_new_game_with_the_colours_swapped_and_the_same_options()
    {
        var offered = Accepted(Rematch(Finished(), Alice, Over));

        var decision = Rematch(offered, Bob, Over.AddMinutes(1));

        var accepted = Accepted(decision);
        Assert.Empty(decision.Events);
        Assert.Equal(NewId, accepted.PendingRematch);
        Assert.Equal(new RematchView(null, NewId), accepted.RematchAt(Over.AddHours(1)));
        Assert.Equal(new RematchSeed("game00000001", Bob, Alice, new CreateGameOptions(OpponentKind.Human, ColorChoice.Red)), accepted.RematchSeed());
    }

    [Fact]
    public void A_second_offer_of_the_same_player_renews_it_and_starts_nothing()
    {
        var offered = Accepted(Rematch(Finished(), Alice, Over));

        var renewed = Accepted(Rematch(offered, Alice, Over.AddMinutes(4)));

        Assert.Null(renewed.PendingRematch);
        Assert.Equal(new RematchView(Color.Red, null), renewed.RematchAt(Over.AddMinutes(8)));
    }

    [Fact]
    public void An_offer_lapses_after_the_lapse_and_the_opponents_rematch_is_then_an_offer_of_its_own()
    {
        var offered = Accepted(Rematch(Finished(), Alice, Over));
        Assert.Null(offered.RematchAt(Over + Lapse));

        var decision = Rematch(offered, Bob, Over + Lapse);

        var counter = Accepted(decision);
        Assert.Equal([new RematchOffered("game00000001", Color.Yellow)], decision.Events);
        Assert.Null(counter.PendingRematch);
        Assert.Equal(new RematchView(Color.Yellow, null), counter.RematchAt(Over + Lapse));
        Refused(counter, counter.DeclineRematch(Bob.PlayerId, Over + Lapse), RuleCodes.NotAllowed, 1, Bob.PlayerId);
    }

    [Fact]
    public void A_declined_offer_is_gone_its_offerer_is_told_and_either_player_may_offer_again()
    {
        var offered = Accepted(Rematch(Finished(), Alice, Over));
        Refused(offered, offered.DeclineRematch(Alice.PlayerId, Over), RuleCodes.NotAllowed, 1, Alice.PlayerId);

        var decision = offered.DeclineRematch(Bob.PlayerId, Over.AddMinutes(1));

        var declined = Accepted(decision);
        Assert.Equal([new RematchDeclined("game00000001", Color.Red)], decision.Events);
        Assert.Null(declined.RematchAt(Over.AddMinutes(1)));
        Refused(declined, declined.DeclineRematch(Bob.PlayerId, Over.AddMinutes(1)), RuleCodes.NotAllowed, 1, Bob.PlayerId);
        Assert.Equal([new RematchOffered("game00000001", Color.Yellow)], Rematch(declined, Bob, Over.AddMinutes(2)).Events);
    }

    [Fact]
    public void Against_the_bot_the_first_rematch_starts_at_once_with_the_same_level_and_the_colours_swapped()
    {
        var decision = Rematch(FinishedAgainstBot(ColorChoice.Red, 2), Alice, Over);

        var accepted = Accepted(decision);
        Assert.Empty(decision.Events);
        Assert.Equal(NewId, accepted.PendingRematch);
        Assert.Equal(new RematchSeed("game00000001", GameState.BotInfo(2), Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 2)), accepted.RematchSeed());
    }

    [Fact]
    public void Rematch_and_decline_are_refused_with_not_found_not_a_player_and_not_allowed()
    {
        var stranger = new PlayerInfo("p-carol", "Carol");
        var none = New();
        Refused(none, Rematch(none, Alice, Over), RuleCodes.NotFound, null, Alice.PlayerId);
        var playing = Started(3);
        Refused(playing, Rematch(playing, Alice, Over), RuleCodes.NotAllowed, 1, Alice.PlayerId);
        Refused(playing, playing.DeclineRematch(Alice.PlayerId, Over), RuleCodes.NotAllowed, 1, Alice.PlayerId);
        var finished = Finished();
        Refused(finished, Rematch(finished, stranger, Over), RuleCodes.NotAPlayer, 1, stranger.PlayerId);
        Refused(finished, finished.DeclineRematch(stranger.PlayerId, Over), RuleCodes.NotAPlayer, 1, stranger.PlayerId);
        Refused(finished, finished.DeclineRematch(Bob.PlayerId, Over), RuleCodes.NotAllowed, 1, Bob.PlayerId);

        // A game resigned before anyone joined has no opponent to play again.
        var alone = Accepted(Waiting().Resign(Alice.PlayerId, Over));
        Refused(alone, Rematch(alone, Alice, Over), RuleCodes.NotAllowed, 0, Alice.PlayerId);
    }

    [Fact]
    public void Once_the_rematch_started_both_players_are_refused_with_not_allowed_and_the_new_game_stays_the_same()
    {
        var started = Accepted(Rematch(Accepted(Rematch(Finished(), Alice, Over)), Bob, Over));

        Refused(started, started.Rematch(Alice.PlayerId, "othergame001", Lapse, Over), RuleCodes.NotAllowed, 1, Alice.PlayerId);
        Refused(started, started.Rematch(Bob.PlayerId, "othergame001", Lapse, Over), RuleCodes.NotAllowed, 1, Bob.PlayerId);
        Refused(started, started.DeclineRematch(Alice.PlayerId, Over), RuleCodes.NotAllowed, 1, Alice.PlayerId);

        var ready = Accepted(started.RematchReady(Over));
        Assert.Null(ready.PendingRematch);
        Assert.Equal(new RematchView(null, NewId), ready.RematchAt(Over));
        Assert.False(ready.RematchReady(Over).Changed);
    }

    [Fact]
    public void The_new_game_starts_at_once_with_both_seats_and_making_it_again_changes_nothing()
    {
        var seed = Accepted(Rematch(Accepted(Rematch(Finished(), Alice, Over)), Bob, Over)).RematchSeed()!;

        var made = Accepted(Game.Load(NewId, new GameState()).StartAsRematch(seed, NewRandom, Over));

        Assert.Equal((Bob, Alice, GameStatus.Playing, (Color?)Color.Red), (made.State.Red, made.State.Yellow, made.Status, made.Turn));
        Assert.Equal("game00000001", made.State.RematchOf);
        Assert.Null(made.State.Rematch);
        Assert.Empty(made.State.Moves);
        var again = made.StartAsRematch(seed, NewRandom, Over.AddSeconds(5));
        Assert.Null(again.Refusal);
        Assert.False(again.Changed);
        Assert.Same(made, again.Game);
        var taken = made.StartAsRematch(seed with { FromGameId = "othergame001" }, NewRandom, Over);
        Assert.Equal(RuleCodes.NotFound, taken.Refusal?.Code);
        Assert.Same(made, taken.Game);
    }

    [Fact]
    public void A_new_game_against_the_bot_playing_red_gives_the_bot_the_first_move()
    {
        var seed = Accepted(Rematch(FinishedAgainstBot(ColorChoice.Red, 3), Alice, Over)).RematchSeed()!;

        var made = Accepted(Game.Load(NewId, new GameState()).StartAsRematch(seed, NewRandom, Over));

        Assert.Equal((GameState.BotInfo(3), Alice, GameStatus.Playing), (made.State.Red, made.State.Yellow, made.Status));
        Assert.Equal(3, made.BotLevelToMove);
    }

    [Fact]
    public void A_game_stored_before_its_options_were_kept_rematches_with_its_opponent_and_level()
    {
        var finished = FinishedAgainstBot(ColorChoice.Yellow, 4);
        var old = Game.Load(finished.Id, finished.State with { Options = null });

        var seed = Accepted(Rematch(old, Alice, Over)).RematchSeed()!;

        Assert.Equal((Alice, GameState.BotInfo(4)), (seed.Red, seed.Yellow));
        Assert.Equal((OpponentKind.Bot, (int?)4), (seed.Options.Opponent, seed.Options.Level));
    }
}
