using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>
/// A timed game's clock as <c>create</c> asks for it (PROTOCOL.md section 9): each side starts with
/// <see cref="Initial"/> seconds and gains <see cref="Increment"/> seconds with each of its moves.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.ClockSettings")]
public sealed record ClockSettings([property: Id(0)] int Initial, [property: Id(1)] int Increment)
{
    public const int MinInitial = 15;
    public const int MaxInitial = 3600;
    public const int MaxIncrement = 60;

    /// <summary>Whether the contract allows these settings: 15 to 3600 s, and 0 to 60 s a move.</summary>
    public bool IsValid => Initial is >= MinInitial and <= MaxInitial && Increment is >= 0 and <= MaxIncrement;

    /// <summary>Why these settings are refused, for the bad-request message.</summary>
    public static string Rule => $"clock.initial must be {MinInitial} to {MaxInitial} seconds and clock.increment 0 to {MaxIncrement}.";
}

/// <summary>
/// A timed game's clock in a snapshot: each side's time left, in milliseconds, at <see cref="At"/> (server time), and
/// whose clock runs (null while none does: before the game starts and after it ends).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.ClockView")]
public sealed record ClockView(
    [property: Id(0)] ClockSettings Settings,
    [property: Id(1)] long Red,
    [property: Id(2)] long Yellow,
    [property: Id(3)] Color? Running,
    [property: Id(4)] DateTimeOffset At);

/// <summary>Each side's time left, in milliseconds, right after a move of a timed game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.MoveClock")]
public sealed record MoveClock([property: Id(0)] long Red, [property: Id(1)] long Yellow);
