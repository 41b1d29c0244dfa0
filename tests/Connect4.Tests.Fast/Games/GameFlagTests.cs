using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using static Connect4.Tests.Games.GameClockTests;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>A timed game's flag falling with no host (PROTOCOL.md section 9): on a tick, and on a command that comes late.</summary>
public sealed class GameFlagTests
{
    private const string GameId = "game00000001";
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);

    [Fact]
    public void The_flag_falls_on_a_tick_at_the_deadline_and_not_a_millisecond_before()
    {
        var game = Timed(new ClockSettings(15, 0));
        var deadline = Start.AddSeconds(15);

        var early = game.Tick(deadline.AddMilliseconds(-1));
        Assert.False(early.Changed);
        Assert.Same(game, early.Game);
        Assert.Equal(1, game.RemainingMs(Color.Red, deadline.AddMilliseconds(-1)));

        var fell = game.Tick(deadline);
        var over = Accepted(fell);
        Assert.Equal([new GameEnded(GameId, 0, GameResult.YellowWins, EndReason.Timeout, null)], fell.Events);
        Assert.Null(fell.Refusal);
        Assert.Equal((GameStatus.Over, (Color?)null, (DateTimeOffset?)null), (over.Status, over.Running, over.Deadline));
        Assert.Equal(new ClockView(new ClockSettings(15, 0), 0, 15_000, null, deadline.AddHours(1)), over.ClockAt(deadline.AddHours(1)));
    }

    [Fact]
    public void Yellows_flag_falls_with_red_the_winner()
    {
        var game = PlayAt(Timed(new ClockSettings(15, 0)), Start.AddSeconds(1), 3);

        var fell = game.Tick(Start.AddSeconds(1 + 15));

        Assert.Equal([new GameEnded(GameId, 1, GameResult.RedWins, EndReason.Timeout, null)], fell.Events);
    }

    [Fact]
    public void A_move_after_the_flag_fell_ends_the_game_by_timeout_and_is_refused_as_game_over()
    {
        var game = Timed(new ClockSettings(15, 0));
        var late = Start.AddSeconds(15).AddMilliseconds(1);

        foreach (var decision in new[]
        {
            game.Play(Alice.PlayerId, 3, 0, late),
            game.Play(Bob.PlayerId, 3, 0, late),
            game.Play(Alice.PlayerId, 3, 7, late),
            game.Resign(Bob.PlayerId, late),
        })
        {
            Assert.True(decision.Changed);
            Assert.Equal((RuleCodes.GameOver, 0), (decision.Refusal?.Code, decision.Refusal?.Ply));
            Assert.Equal([new GameEnded(GameId, 0, GameResult.YellowWins, EndReason.Timeout, null)], decision.Events);
            Assert.Equal((GameStatus.Over, 0), (decision.Game.Status, decision.Game.Ply));
        }

        var over = Accepted(game.Tick(late));
        Refused(over, over.Play(Alice.PlayerId, 3, 0, late), RuleCodes.GameOver, 0, Alice.PlayerId);
    }

    [Fact]
    public void A_move_just_before_the_deadline_is_played()
    {
        var game = Timed(new ClockSettings(15, 1));

        var after = Accepted(game.Play(Alice.PlayerId, 3, 0, Start.AddSeconds(15).AddMilliseconds(-1)));

        Assert.Equal(1 + 1_000, after.RemainingMs(Color.Red, Start.AddSeconds(20)));
    }

    [Fact]
    public void A_timed_game_against_the_bot_starts_at_once_and_the_bots_flag_can_fall()
    {
        var game = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Yellow, 3, new ClockSettings(15, 0)), Random, Created));
        Assert.Equal(((Color?)Color.Red, Created.AddSeconds(15)), (game.Running, game.Deadline));

        var fell = game.PlayBot(0, 3, Created.AddSeconds(15));

        Assert.Equal([new GameEnded(GameId, 0, GameResult.YellowWins, EndReason.Timeout, null)], fell.Events);
        Assert.Equal(new MoveClock(14_000, 15_000), Assert.IsType<MoveMade>(Assert.Single(game.PlayBot(0, 3, Created.AddSeconds(1)).Events)).Clock);
    }
}
