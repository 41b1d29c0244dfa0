namespace Connect4.Bench.Broadcast;

/// <summary>
/// One game of a broadcast run: its id and watch key, and where its moves sit in the run's numbering
/// (<see cref="MoveLog"/>): move <c>ply</c> (1 for the first) is move <see cref="First"/> + ply - 1 of the run.
/// </summary>
internal sealed class BroadcastGame(int number, byte[] id, string watchKey, int first)
{
    private int _played;

    /// <summary>0 for the first game of the run, then 1, 2, ...</summary>
    public int Number { get; } = number;

    /// <summary>The game id, UTF-8, as move events carry it.</summary>
    public byte[] Id { get; } = id;

    public string WatchKey { get; } = watchKey;

    /// <summary>The run's number of this game's first move.</summary>
    public int First { get; } = first;

    /// <summary>Moves of this game acknowledged (<c>played</c>) so far: every spectator watching it should see each.</summary>
    public int Played => Volatile.Read(ref _played);

    public void MovePlayed() => Interlocked.Increment(ref _played);
}

/// <summary>
/// The moves of a run, numbered 0, 1, ... across its games: when each was sent (Stopwatch timestamps), and the games;
/// and when the last <c>spectators</c> count event came (to let the server settle before the first move).
/// Written by the players' driver; read by every spectator's receive loop (hence the volatile reads and the game list
/// replaced, never changed in place).
/// </summary>
internal sealed class MoveLog(int capacity)
{
    private readonly long[] _sentAt = new long[capacity];
    private BroadcastGame[] _games = [];
    private int _sent;
    private long _lastCountEvent;

    /// <summary>The most moves a run may play (its rate times its seconds, and one).</summary>
    public int Capacity => capacity;

    public IReadOnlyList<BroadcastGame> Games => Volatile.Read(ref _games);

    public BroadcastGame AddGame(byte[] id, string watchKey, int first)
    {
        var games = Volatile.Read(ref _games);
        var game = new BroadcastGame(games.Length, id, watchKey, first);
        Volatile.Write(ref _games, [.. games, game]);
        return game;
    }

    /// <summary>When a spectator last received a <c>spectators</c> count event (Stopwatch timestamp; 0: never).</summary>
    public long LastCountEvent => Volatile.Read(ref _lastCountEvent);

    public void CountEventAt(long timestamp) => Volatile.Write(ref _lastCountEvent, timestamp);

    /// <summary>Moves sent so far (the first send of each).</summary>
    public int SentCount => Volatile.Read(ref _sent);

    /// <summary>Records the first send of <paramref name="move"/> (the next one: moves are sent in order).</summary>
    public void Sent(int move, long timestamp)
    {
        Volatile.Write(ref _sentAt[move], timestamp);
        Volatile.Write(ref _sent, move + 1);
    }

    public long SentAt(int move) => Volatile.Read(ref _sentAt[move]);

    /// <summary>The game of a move event and the run's number of the move; false for a game or ply not of this run.</summary>
    public bool TryFind(ReadOnlySpan<byte> gameId, int ply, out BroadcastGame game, out int move)
    {
        var games = Volatile.Read(ref _games);
        for (var g = games.Length - 1; g >= 0; g--)
        {
            if (gameId.SequenceEqual(games[g].Id))
            {
                game = games[g];
                move = game.First + ply - 1;
                return ply >= 1 && move < capacity;
            }
        }

        game = null!;
        move = -1;
        return false;
    }
}
