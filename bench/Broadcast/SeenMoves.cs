using System.Diagnostics;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// What one spectator saw of the run's moves: the games it watches, and for each move whether its <c>move</c> event came
/// and how long after the move's first send. Written by the spectator's receive loop (and its watches), read by the
/// driver and the report.
/// </summary>
internal sealed class SeenMoves(MoveLog log)
{
    /// <summary>Per move of the run: 0 while its event has not come, else the microseconds from its send, plus one.</summary>
    private readonly int[] _latencyUs = new int[log.Capacity];
    private readonly MoveLog _log = log;
    private int _received;

    /// <summary>The games the spectator watches (its <c>watch</c> was answered <c>watching</c>), in order.</summary>
    public List<BroadcastGame> Watched { get; } = [];

    /// <summary>Moves whose event came, each counted once.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Move events that came again for a move already seen.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Records the event of the run's move <paramref name="move"/>, arrived at <paramref name="timestamp"/>.</summary>
    public void Arrived(int move, long timestamp)
    {
        if (HasSeen(move))
        {
            Duplicates++;
            return;
        }

        var sent = _log.SentAt(move);
        var us = sent == 0 ? 0 : Math.Clamp((timestamp - sent) * 1_000_000 / Stopwatch.Frequency, 0, int.MaxValue - 1);
        Volatile.Write(ref _latencyUs[move], (int)us + 1);
        Interlocked.Increment(ref _received);
    }

    /// <summary>Whether the event of the run's move <paramref name="move"/> has come.</summary>
    public bool HasSeen(int move) => Volatile.Read(ref _latencyUs[move]) != 0;

    /// <summary>Whether every move of the games it watches (acknowledged so far) has come.</summary>
    public bool HasEveryMove() => Received >= Watched.Sum(g => g.Played) && !Missing().Any();

    /// <summary>The run's moves of the games it watches (acknowledged so far) whose event has not come.</summary>
    public IEnumerable<int> Missing() => WatchedMoves().Where(m => !HasSeen(m));

    /// <summary>Adds the latency of every move of the games it watches whose event came, in milliseconds.</summary>
    public void AddLatencies(List<double> into) =>
        into.AddRange(WatchedMoves().Where(HasSeen).Select(m => (Volatile.Read(ref _latencyUs[m]) - 1) / 1000.0));

    private IEnumerable<int> WatchedMoves() => Watched.SelectMany(g => Enumerable.Range(g.First, g.Played));
}
