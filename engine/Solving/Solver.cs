using Connect4.Engine.Rules;

namespace Connect4.Engine.Solving;

/// <summary>
/// A strong Connect 4 solver: the exact score of a position under perfect play.
/// </summary>
/// <remarks>
/// <para>
/// Scores follow shared/data/connect4/README.md: 0 for a draw; for a win of the player to move,
/// 22 minus the number of discs the winner has when completing its four; for a loss, minus the same
/// quantity for the opponent. With n discs on the board, a win by the next disc is (43 - n) / 2 and a
/// loss to the opponent's next disc is -(42 - n) / 2.
/// </para>
/// <para>
/// The search is negamax with alpha-beta pruning, run as a sequence of null-window searches that
/// binary-search the score (each one only answers "is the score above m?", which prunes far more than
/// a wide window). Around it: bounds on the score from the number of discs left, a transposition table
/// of lower and upper bounds shared by those searches, pruning of moves that hand the opponent a win,
/// forced replies to a single threat, and move ordering by the number of winning cells a move creates,
/// centre columns first on ties. The ideas are those of Pascal Pons' "Solving Connect 4" write-up.
/// Two additions: the table also remembers the move that reached a lower bound, tried first (before
/// the other moves are scored) when the position comes up again in the next null-window search; and
/// the children's table slots are prefetched, which hides most of the memory latency of a table much
/// larger than the processor caches.
/// </para>
/// <para>
/// An instance is not thread-safe; it owns its transposition table (8 bytes per entry), which is kept
/// between calls, so later solves reuse earlier work (results stay exact). <see cref="Reset"/> clears it.
/// The search allocates nothing.
/// </para>
/// </remarks>
public sealed partial class Solver
{
    /// <summary>The default table size: 2^23 entries, 64 MiB.</summary>
    public const int DefaultTableBits = 23;

    /// <summary>The smallest accepted table size, as a power of two.</summary>
    public const int MinTableBits = 10;

    /// <summary>The largest accepted table size, as a power of two (2^30 entries, 8 GiB).</summary>
    public const int MaxTableBits = 30;

    private const int Cells = Board.MaxPly;

    /// <summary>The cancellation token is looked at once per this many nodes (a power of two).</summary>
    private const long CancellationCheckInterval = 1 << 12;

    /// <summary>Low 49 bits of a move-list entry: the move's cell.</summary>
    private const ulong MoveField = (1UL << 49) - 1;

    private const int RankShift = 49;
    private const int ThreatShift = 52;

    // Transposition table values (10 bits, never 0, which means "no entry"):
    //   bits 0..6, the bound:
    //     upper bound u:  u + BoundOffset             (11..53)
    //     lower bound l:  l + BoundOffset + LowerFlag (75..117)
    //   Scores inside the search lie in [-21, 21], so both fit and stay distinct.
    //   bits 7..9, for a lower bound: 1 + the column of the move that reached it (else 0).
    private const int BoundOffset = 32;
    private const int LowerFlag = 64;
    private const int BoundField = 0x7F;
    private const int HintShift = 7;

    private TranspositionTable _table;
    private long _nodeCount;
    private CancellationToken _cancellation;
    private bool _stopped;

    /// <summary>
    /// Creates a solver whose transposition table has 2^<paramref name="tableBits"/> entries
    /// (8 bytes each; 23, the default, is 64 MiB). Between <see cref="MinTableBits"/> and
    /// <see cref="MaxTableBits"/>, else <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public Solver(int tableBits = DefaultTableBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tableBits, MinTableBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(tableBits, MaxTableBits);
        _table = new TranspositionTable(tableBits);
    }

    /// <summary>The number of transposition table entries.</summary>
    public int TableSize => _table.Size;

    /// <summary>
    /// The number of positions the search has explored (negamax calls) since the solver was created
    /// or last <see cref="Reset"/>.
    /// </summary>
    public long NodeCount => _nodeCount;

    /// <summary>Empties the transposition table (in constant time) and zeroes <see cref="NodeCount"/>.</summary>
    public void Reset()
    {
        _table.Clear();
        _nodeCount = 0;
    }

    /// <summary>
    /// The score for the player to move (see the class remarks); with <paramref name="weak"/>, only its
    /// sign: 1 win, 0 draw, -1 loss, which is usually much faster.
    /// Throws <see cref="ArgumentException"/> when the board already holds a four.
    /// </summary>
    public int Solve(Board position, bool weak = false)
    {
        Validate(position);
        _cancellation = CancellationToken.None;
        _stopped = false;
        return SolveCore(position.Current, position.Mask, position.Ply, weak);
    }

    /// <summary>
    /// As <see cref="Solve(Board, bool)"/>, but gives up when <paramref name="cancellationToken"/> is
    /// cancelled (use <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> for a time budget):
    /// returns null when the search was stopped before it knew the score. The token is looked at every
    /// few thousand positions (well under a millisecond), so a search that can finish quickly still
    /// returns its score with an already cancelled token. Stopping leaves the table valid.
    /// </summary>
    public int? Solve(Board position, CancellationToken cancellationToken, bool weak = false)
    {
        Validate(position);
        _cancellation = cancellationToken;
        _stopped = false;
        try
        {
            int score = SolveCore(position.Current, position.Mask, position.Ply, weak);
            return _stopped ? null : score;
        }
        finally
        {
            _cancellation = CancellationToken.None;
        }
    }

    /// <summary>
    /// For each column 0..6, the score for the player to move of playing it (the score of the position
    /// after the move, negated; a move that completes a four scores (43 - n) / 2 with n discs on the
    /// board now), or null for a full column. With <paramref name="weak"/>, signs only.
    /// Throws <see cref="ArgumentException"/> when the board already holds a four.
    /// </summary>
    public int?[] Analyze(Board position, bool weak = false) =>
        Analyze(position, CancellationToken.None, weak);

    /// <summary>
    /// As <see cref="Analyze(Board, bool)"/> within a budget: a column whose score was not found before
    /// <paramref name="cancellationToken"/> was cancelled is null too (tell it from a full column with
    /// <see cref="Board.CanPlay"/>). Columns are tried in order; each still gets the chance to finish a
    /// quick search after the cancellation.
    /// </summary>
    public int?[] Analyze(Board position, CancellationToken cancellationToken, bool weak = false)
    {
        Validate(position);
        var scores = new int?[Board.Columns];
        int winNow = weak ? 1 : (Cells + 1 - position.Ply) / 2;
        for (int column = 0; column < Board.Columns; column++)
        {
            if (!position.CanPlay(column))
            {
                continue;
            }

            if (position.IsWinningMove(column))
            {
                scores[column] = winNow;
                continue;
            }

            Board child = position.Play(column);
            _cancellation = cancellationToken;
            _stopped = false;
            try
            {
                int score = SolveCore(child.Current, child.Mask, child.Ply, weak);
                scores[column] = _stopped ? null : -score;
            }
            finally
            {
                _cancellation = CancellationToken.None;
            }
        }

        return scores;
    }

    /// <summary>
    /// The exact score of <paramref name="position"/> and the first of <paramref name="candidates"/> (columns,
    /// tried in the order given) that keeps it, or null when <paramref name="cancellationToken"/> stopped the
    /// search first. The candidates must not let the opponent win with its next disc (see
    /// <see cref="Rules.Tactics.NonLosingMoves"/>) unless every move does, and must hold a best move: a
    /// perfect player's move. Much cheaper than every column's exact score (<see cref="Analyze(Board, CancellationToken, bool)"/>):
    /// after the position's own search, each candidate only needs the null-window test "does it keep the
    /// score?", which the table from that search mostly answers.
    /// </summary>
    public (int Column, int Score)? BestMove(Board position, IReadOnlyList<int> candidates, CancellationToken cancellationToken)
    {
        Validate(position);
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        int winNow = (Cells + 1 - position.Ply) / 2;
        foreach (int column in candidates)
        {
            if (position.CanPlay(column) && position.IsWinningMove(column))
            {
                return (column, winNow);
            }
        }

        _cancellation = cancellationToken;
        _stopped = false;
        try
        {
            int score = SolveCore(position.Current, position.Mask, position.Ply, weak: false);
            if (_stopped)
            {
                return null;
            }

            foreach (int column in candidates)
            {
                if (!position.CanPlay(column))
                {
                    continue;
                }

                Board child = position.Play(column);
                int? settled = child.IsFull ? 0
                    : (Bitboard.WinningCells(child.Current, child.Mask) & Bitboard.Possible(child.Mask)) != 0
                        ? -((Cells + 1 - child.Ply) / 2)
                        : null;
                if (settled is { } known)
                {
                    if (known >= score)
                    {
                        return (column, known);
                    }

                    continue;
                }

                // Our score is at least `score` exactly when the child's is at most -score.
                if (-Negamax(child.Current, child.Mask, child.Ply, -score, -score + 1) >= score)
                {
                    return _stopped ? null : (column, score);
                }

                if (_stopped)
                {
                    return null;
                }
            }

            throw new ArgumentException("None of the candidates keeps the position's score.", nameof(candidates));
        }
        finally
        {
            _cancellation = CancellationToken.None;
        }
    }

    private static void Validate(Board position)
    {
        if (Board.HasFour(position.Current) || Board.HasFour(position.Current ^ position.Mask))
        {
            throw new ArgumentException("The position already holds a four: the game is over.", nameof(position));
        }
    }
}
