using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A timed game's clock (PROTOCOL.md section 9). The clock of the player to move runs from the moment the game starts
/// playing; a move stops the mover's clock, adds the increment to it and starts the other's; the end of the game stops
/// both. The state keeps each side's time left and when the running clock started, so the deadline is known from the
/// state alone, whichever activation reads it. Server time decides: <see cref="Tick"/> ends the game when the flag
/// falls, and a command that comes after the deadline ends it first and is refused with game-over.
/// </summary>
public sealed partial class Game
{
    /// <summary>Whether the game is played on a clock.</summary>
    public bool Timed => State.Clock is not null;

    /// <summary>The colour whose clock runs now; null when none does (untimed, waiting, over).</summary>
    public Color? Running => State.Clock is not null && Status == GameStatus.Playing && State.ClockSince is not null ? Turn : null;

    /// <summary>When the flag of the player to move falls unless it moves first; null while no clock runs.</summary>
    public DateTimeOffset? Deadline => Running is { } color ? State.ClockSince!.Value.AddMilliseconds(Stored(State, color)) : null;

    /// <summary>The time <paramref name="color"/> has left at <paramref name="now"/>, in whole milliseconds (never below 0).</summary>
    public long RemainingMs(Color color, DateTimeOffset now)
    {
        var left = Stored(State, color);
        if (Running == color)
        {
            left -= (now - State.ClockSince!.Value).Ticks / TimeSpan.TicksPerMillisecond;
        }

        return Math.Max(0, left);
    }

    /// <summary>The clock as a snapshot shows it at <paramref name="now"/>; null for an untimed game.</summary>
    public ClockView? ClockAt(DateTimeOffset now) =>
        State.Clock is { } settings ? new ClockView(settings, RemainingMs(Color.Red, now), RemainingMs(Color.Yellow, now), Running, now) : null;

    /// <summary>
    /// Ends the game by timeout when the flag of the player to move has fallen at <paramref name="now"/>: the other colour
    /// wins. Otherwise nothing happens (<see cref="Decision.Changed"/> is false): the deadline is still to come.
    /// </summary>
    public Decision Tick(DateTimeOffset now) => FlagFall(now) ?? Decision.Ignored(this);

    /// <summary>The end of the game by timeout, when the running clock's deadline has passed at <paramref name="now"/>; else null.</summary>
    private Decision? FlagFall(DateTimeOffset now)
    {
        if (Deadline is not { } deadline || now < deadline)
        {
            return null;
        }

        var winner = Running == Color.Red ? GameResult.YellowWins : GameResult.RedWins;
        var over = End(StopClock(State, now), winner, EndReason.Timeout, null);
        return Accept(over, Board, now, Ended(over));
    }

    /// <summary>A command that came after the flag fell: the game ends by timeout first, then the command is refused as game-over.</summary>
    private Decision TooLate(Decision fell, string playerId) =>
        fell.AndRefuse(Refusal(RuleCodes.GameOver, "The game is over: your clock or your opponent's ran out.", playerId));

    /// <summary>Both sides' full time, and the first player's clock running from <paramref name="now"/>: the game starts.</summary>
    private static GameState StartClock(GameState state, DateTimeOffset now) => state.Clock is { } clock
        ? state with { RedMs = clock.Initial * 1000L, YellowMs = clock.Initial * 1000L, ClockSince = now }
        : state;

    /// <summary>
    /// <paramref name="mover"/> has moved at <paramref name="now"/>: its clock stops with the increment added, and the
    /// other's starts. <paramref name="state"/> is this game's state with the move added.
    /// </summary>
    private GameState SwitchClock(GameState state, Color mover, DateTimeOffset now) => state.Clock is { } clock
        ? WithStored(state, mover, RemainingMs(mover, now) + clock.Increment * 1000L) with { ClockSince = now }
        : state;

    /// <summary>The running clock stopped at <paramref name="now"/> with the time it has left (the game ends).</summary>
    private GameState StopClock(GameState state, DateTimeOffset now) => Running is { } color
        ? WithStored(state, color, RemainingMs(color, now)) with { ClockSince = null }
        : state;

    /// <summary>The clocks after a move, as its event carries them; null for an untimed game.</summary>
    private static MoveClock? ClockAfter(GameState state) => state.Clock is null ? null : new MoveClock(state.RedMs, state.YellowMs);

    private static long Stored(GameState state, Color color) => color == Color.Red ? state.RedMs : state.YellowMs;

    private static GameState WithStored(GameState state, Color color, long ms) =>
        color == Color.Red ? state with { RedMs = ms } : state with { YellowMs = ms };
}
