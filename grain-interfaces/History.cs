namespace Connect4.GrainInterfaces;

/// <summary>How a game ended, as its players' histories keep it: told by the game with its end.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameRecord")]
public sealed record GameRecord(
    [property: Id(0)] PlayerInfo Red,
    [property: Id(1)] PlayerInfo Yellow,
    [property: Id(2)] EndReason Reason,
    [property: Id(3)] int Moves,
    [property: Id(4)] DateTimeOffset EndedAt);

/// <summary>
/// One finished game in a player's history (PROTOCOL.md section 13). <see cref="Seq"/> numbers a player's entries
/// from 1 in the order they were added: the <c>before</c> cursor of <c>history</c> is one.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] string GameId,
    [property: Id(2)] Color Color,
    [property: Id(3)] PlayerInfo Opponent,
    [property: Id(4)] GameResult Result,
    [property: Id(5)] EndReason Reason,
    [property: Id(6)] RatingStep? Rating,
    [property: Id(7)] int Moves,
    [property: Id(8)] DateTimeOffset EndedAt);

/// <summary>A page of a player's history, newest first; <see cref="Next"/> the cursor of the next older page, null at the oldest.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.HistoryPage")]
public sealed record HistoryPage([property: Id(0)] string PlayerId, [property: Id(1)] IReadOnlyList<HistoryEntry> Games, [property: Id(2)] long? Next);
