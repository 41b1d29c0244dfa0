namespace Connect4.Bench.Common;

internal enum SeatEventKind
{
    /// <summary>A command's success reply, by its rid (native: welcome, created, joined, watching; tutorial: init;
    /// the echo server: the message itself).</summary>
    Reply,
    /// <summary>A move's <c>played</c> reply to its mover, by rid.</summary>
    Played,
    /// <summary>An error on the seat (the tutorial dialect has no rids: <see cref="SeatEvent.Rid"/> is then -1).</summary>
    Error,
    /// <summary>A player saw its opponent's move; <see cref="SeatEvent.Ply"/> is the count of moves after it.</summary>
    OpponentMove,
    /// <summary>The seat's socket ended without being asked to; <see cref="SeatEvent.Code"/> says how.</summary>
    Lost,
    /// <summary>The client's deadline timer fired (see SeatClient.Waits.cs).</summary>
    Timeout,
    /// <summary>A wait's cancellation token fired.</summary>
    Stop,
}

/// <summary>
/// What a seat's receive loop hands to its <see cref="SeatClient"/>'s driver. Byte arrays are copies (the message they
/// come from is gone once it is read); <see cref="Timestamp"/> is the message's arrival (Stopwatch ticks).
/// </summary>
internal readonly record struct SeatEvent(
    SeatEventKind Kind,
    int Seat = -1,
    int Rid = -1,
    int Ply = -1,
    string? Code = null,
    byte[]? GameId = null,
    byte[]? JoinKey = null,
    byte[]? WatchKey = null,
    long Timestamp = 0);
