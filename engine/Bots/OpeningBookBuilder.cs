using System.Diagnostics;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Engine.Bots;

/// <summary>
/// Makes the <see cref="OpeningBook"/>: walks every position the perfect bot (level 5) can face, playing red
/// from the empty board and yellow after each first move, and stores the best move, with its exact score, of each
/// one where the bot's search (<see cref="Solver.BestMove"/>) does not finish within <see cref="Options.Threshold"/>
/// from an empty table.
/// </summary>
/// <remarks>
/// <para>At a position where the bot is to move, the walk does what <see cref="BotPlayer"/> does: with a winning
/// move the game ends; with a single move that does not lose at once, it plays it. Otherwise it times the bot's
/// search on a solver with an empty table, as a busy server might start it. When that finishes within the
/// threshold the position needs no entry, and neither do the ones after it (fewer empty cells only make the
/// search faster). When it does not, the position is solved on a second solver whose table is kept warm across
/// the whole walk, stored, and the walk goes on with the move the bot will play there against every reply of the
/// opponent's.</para>
/// <para>The walk goes ply by ply, both colours together (red's positions are the even plies, yellow's the odd
/// ones), so a book cut short is complete up to the last ply it finished. A book given to start from is trusted:
/// its positions are not solved again, so an interrupted walk resumes where its last checkpoint left off. Its
/// entries may score every column (books of the first version did, and the analysis uses them); the walk needs
/// only the best.</para>
/// </remarks>
public sealed class OpeningBookBuilder
{
    /// <summary>How the book is made.</summary>
    /// <param name="Threshold">A position whose search takes longer than this from an empty table gets an entry.
    /// Zero stores every position whose search needs more than a few thousand nodes (the search looks at the clock
    /// that often): a walk that does not depend on the machine's speed, for tests.
    /// The bot's own budget (<see cref="BotPlayer.MoveBudget"/>) is several times longer, for a busy machine.</param>
    /// <param name="TableBits">The warm solver's table holds 2^TableBits entries of 8 bytes.</param>
    /// <param name="Start">A book made earlier with the same threshold (a checkpoint): its positions are taken as they are.</param>
    /// <param name="MaxPly">The walk stops after this ply (a partial book; 42 walks all of it).</param>
    /// <param name="Root">Where the walk starts, the bot playing the side to move there; by default the empty board,
    /// where the bot also plays yellow after each first move.</param>
    public sealed record Options(TimeSpan Threshold, int TableBits, OpeningBook? Start = null, int MaxPly = Board.MaxPly, Board? Root = null);

    /// <summary>What the walk found at one ply.</summary>
    /// <param name="Ply">The number of discs on the board.</param>
    /// <param name="Bot">The bot's colour at that ply.</param>
    /// <param name="Visited">Distinct positions (mirror images count once) where the bot was to move.</param>
    /// <param name="Stored">Of those, the ones whose analysis was too slow and are in the book.</param>
    /// <param name="SlowestSolve">The longest exact analysis of one stored position (zero for ones taken from the start book).</param>
    /// <param name="Elapsed">The time spent on the ply.</param>
    public sealed record PlyReport(int Ply, Disc Bot, int Visited, int Stored, TimeSpan SlowestSolve, TimeSpan Elapsed);

    private readonly Options _options;
    private readonly Action<string> _progress;
    private readonly Action<OpeningBook> _checkpoint;

    /// <param name="options">How to make it.</param>
    /// <param name="progress">Called every few seconds with a line on how far the walk has got.</param>
    /// <param name="checkpoint">Called about once a minute, when new positions were stored, with the book so far.</param>
    public OpeningBookBuilder(Options options, Action<string> progress, Action<OpeningBook> checkpoint)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threshold, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TableBits, Solver.MinTableBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TableBits, Solver.MaxTableBits);
        if (options.Root is { } root && (root.IsFull || Board.HasFour(root.Current) || Board.HasFour(root.Current ^ root.Mask)))
        {
            throw new ArgumentException("The walk must start from a position where the game goes on.", nameof(options));
        }

        _options = options;
        _progress = progress;
        _checkpoint = checkpoint;
    }

    /// <summary>Walks both colours and returns the book with a report per ply.</summary>
    public async Task<(OpeningBook Book, IReadOnlyList<PlyReport> Reports)> BuildAsync(CancellationToken cancellationToken)
    {
        var walk = new Walk(_options);
        var running = Task.Factory.StartNew(
            () => walk.Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var lastCheckpoint = Stopwatch.GetTimestamp();
        var saved = 0;
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None));
            _progress(walk.Progress);
            if (Stopwatch.GetElapsedTime(lastCheckpoint) > TimeSpan.FromMinutes(1) && walk.Count > saved)
            {
                var book = walk.Book();
                _checkpoint(book);
                saved = book.Count;
                lastCheckpoint = Stopwatch.GetTimestamp();
            }
        }

        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Keep what was solved: the caller saves it as a checkpoint to resume from.
            _checkpoint(walk.Book());
            throw;
        }

        return (walk.Book(), walk.Reports);
    }

    private sealed class Walk(Options options)
    {
        private readonly Solver _probe = new();
        private readonly Solver _deep = new(options.TableBits);
        private readonly OpeningBook _start = options.Start ?? OpeningBook.Empty;
        private readonly Dictionary<ulong, (Board, int?[])> _entries = [];
        private readonly List<PlyReport> _reports = [];
        private readonly Lock _lock = new();
        private int _ply;
        private int _visited;
        private int _frontier;
        private long _solvingSince;

        public IReadOnlyList<PlyReport> Reports => _reports;

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _entries.Count;
                }
            }
        }

        /// <summary>The positions stored so far, as a book.</summary>
        public OpeningBook Book()
        {
            lock (_lock)
            {
                return OpeningBook.Create(_entries.Values);
            }
        }

        public string Progress
        {
            get
            {
                lock (_lock)
                {
                    var since = _solvingSince == 0 ? "" : $", solving one for {Stopwatch.GetElapsedTime(_solvingSince).TotalSeconds:F0} s";
                    return $"ply {_ply}: {_visited} of {_frontier} positions done{since}; {_entries.Count} in the book; "
                           + $"{_deep.NodeCount / 1e6:F0}M positions searched";
                }
            }
        }

        public void Run(CancellationToken cancellation)
        {
            // The positions where the bot is to move at the next ply, mirror images merged.
            var root = options.Root ?? Board.Empty;
            var frontier = new Dictionary<ulong, Board>();
            AddCanonical(frontier, root);
            var yellowStarts = Enumerable.Range(0, Board.Columns).Select(c => Board.Empty.Play(c));
            var later = new Dictionary<ulong, Board>();
            for (var ply = root.Ply; ply <= options.MaxPly && (frontier.Count > 0 || later.Count > 0); ply++)
            {
                if (ply == 1 && root.Ply == 0)
                {
                    foreach (var start in yellowStarts)
                    {
                        AddCanonical(frontier, start);
                    }
                }

                var started = Stopwatch.GetTimestamp();
                var next = new Dictionary<ulong, Board>();
                int stored = 0;
                var slowest = TimeSpan.Zero;
                lock (_lock)
                {
                    (_ply, _visited, _frontier) = (ply, 0, frontier.Count);
                }

                foreach (var board in frontier.Values)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (Visit(board, next, out var took))
                    {
                        stored++;
                        slowest = took > slowest ? took : slowest;
                    }

                    lock (_lock)
                    {
                        _visited++;
                    }
                }

                if (frontier.Count > 0)
                {
                    _reports.Add(new PlyReport(ply, ply % 2 == 0 ? Disc.Red : Disc.Yellow, frontier.Count, stored, slowest, Stopwatch.GetElapsedTime(started)));
                }

                // Positions two plies on belong to the same colour: the other colour's frontier waits one ply.
                (frontier, later) = (later, next);
            }
        }

        /// <summary>
        /// <paramref name="board"/>: the bot to move, no four on the board, not full. Adds the positions the bot can
        /// face next to <paramref name="next"/>; true when the position went into the book (solved in <paramref name="took"/>).
        /// </summary>
        private bool Visit(Board board, Dictionary<ulong, Board> next, out TimeSpan took)
        {
            took = TimeSpan.Zero;
            for (var column = 0; column < Board.Columns; column++)
            {
                if (board.CanPlay(column) && board.IsWinningMove(column))
                {
                    return false;
                }
            }

            var safe = board.NonLosingMoves();
            var stored = false;
            int move;
            if (safe.Count == 1)
            {
                move = safe[0];
            }
            else if (PerfectChoice.BookMove(_start, board) is { } booked)
            {
                _start.TryGetScores(board, out var known);
                Store(board, known);
                move = booked;
                stored = true;
            }
            else
            {
                _probe.Reset();
                using (var budget = new CancellationTokenSource(options.Threshold))
                {
                    if (_probe.BestMove(board, safe, budget.Token) is not null)
                    {
                        return false;
                    }
                }

                var since = Stopwatch.GetTimestamp();
                lock (_lock)
                {
                    _solvingSince = since;
                }

                var (column, score) = _deep.BestMove(board, safe, CancellationToken.None)!.Value;
                took = Stopwatch.GetElapsedTime(since);
                var scores = new int?[Board.Columns];
                scores[column] = score;
                Store(board, scores);
                move = column;
                stored = true;
            }

            var after = board.Play(move);
            if (after.IsFull)
            {
                return stored;
            }

            for (var reply = 0; reply < Board.Columns; reply++)
            {
                if (!after.CanPlay(reply) || after.IsWinningMove(reply))
                {
                    continue;
                }

                var position = after.Play(reply);
                if (!position.IsFull)
                {
                    AddCanonical(next, position);
                }
            }

            return stored;
        }

        private void Store(Board board, int?[] scores)
        {
            lock (_lock)
            {
                _entries.TryAdd(Canonical(board).Key, (board, scores));
                _solvingSince = 0;
            }
        }

        /// <summary>
        /// Of a position and its mirror image, the one the book stores (the smaller key). The walk visits only
        /// those, and the bot chooses its book moves in the same orientation (<see cref="PerfectChoice.BookMove"/>).
        /// </summary>
        private static Board Canonical(Board board) => board.Mirror() is var mirror && mirror.Key < board.Key ? mirror : board;

        private static void AddCanonical(Dictionary<ulong, Board> positions, Board board)
        {
            var canonical = Canonical(board);
            positions.TryAdd(canonical.Key, canonical);
        }
    }
}
