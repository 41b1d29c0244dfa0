using System.Diagnostics;
using Connect4.GrainInterfaces;
using Connect4.Grains.Rules;
using Connect4.Grains.Solving;

namespace Connect4.Grains.Bots;

/// <summary>
/// Makes the <see cref="OpeningBook"/>: walks every position the perfect bot (level 5) can face, playing red
/// from the empty board and yellow after each first move, and stores the exact column scores of each one whose
/// analysis does not finish within <see cref="Options.Threshold"/> from an empty table.
/// </summary>
/// <remarks>
/// <para>At a position where the bot is to move, the walk does what <see cref="BotPlayer"/> does: with a winning
/// move the game ends; with a single move that does not lose at once, it plays it. Otherwise it times the
/// analysis of every column on a solver with an empty table, as a busy server might start it. When that
/// finishes within the threshold the position needs no entry, and neither do the ones after it (fewer empty cells
/// only make the search faster). When it does not, the position is solved exactly on a second solver whose table
/// is kept warm across the whole walk, stored, and the walk goes on with the move the bot will play there against
/// every reply of the opponent's.</para>
/// <para>The two colours are walked in parallel, each on its own pair of solvers.</para>
/// </remarks>
public sealed class OpeningBookBuilder
{
    /// <summary>How the book is made.</summary>
    /// <param name="Threshold">An analysis that takes longer than this from an empty table gets an entry.
    /// The bot's own budget (<see cref="BotPlayer.MoveBudget"/>) is several times longer, for a busy machine.</param>
    /// <param name="TableBits">Each warm solver's table holds 2^TableBits entries of 8 bytes.</param>
    public sealed record Options(TimeSpan Threshold, int TableBits);

    /// <summary>What the walk of one colour found.</summary>
    /// <param name="Bot">The bot's colour.</param>
    /// <param name="Visited">Distinct positions (mirror images count once) where the bot was to move.</param>
    /// <param name="Stored">Of those, the ones whose analysis was too slow and went into the book.</param>
    /// <param name="DeepestPly">The largest ply of a stored position (-1 when none).</param>
    /// <param name="SlowestSolve">The longest exact analysis of one stored position.</param>
    /// <param name="Elapsed">The whole walk.</param>
    public sealed record ColourReport(Color Bot, int Visited, int Stored, int DeepestPly, TimeSpan SlowestSolve, TimeSpan Elapsed);

    private readonly Options _options;
    private readonly Action<string> _progress;

    /// <param name="options">How to make it.</param>
    /// <param name="progress">Called every few seconds with a line on how far each walk has got.</param>
    public OpeningBookBuilder(Options options, Action<string> progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Threshold, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TableBits, Solver.MinTableBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TableBits, Solver.MaxTableBits);
        _options = options;
        _progress = progress;
    }

    /// <summary>Walks both colours and returns the book with a report per colour.</summary>
    public async Task<(OpeningBook Book, IReadOnlyList<ColourReport> Reports)> BuildAsync(CancellationToken cancellationToken)
    {
        var walks = new[] { new Walk(Color.Red, _options), new Walk(Color.Yellow, _options) };
        var running = walks.Select(w => Task.Factory.StartNew(
            () => w.Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        var all = Task.WhenAll(running);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
            _progress(string.Join("; ", walks.Select(w => w.Progress)));
        }

        await all;
        var book = OpeningBook.Create(walks.SelectMany(w => w.Entries));
        return (book, walks.Select(w => w.Report).ToList());
    }

    private sealed class Walk(Color bot, Options options)
    {
        private readonly Solver _probe = new();
        private readonly Solver _deep = new(options.TableBits);
        private readonly HashSet<ulong> _seen = [];
        private readonly List<(Board, int?[])> _entries = [];
        private readonly Stopwatch _clock = new();
        private CancellationToken _cancellation;
        private int _deepestPly = -1;
        private TimeSpan _slowest;
        private volatile string _progress = $"{bot}: starting";

        public IReadOnlyList<(Board, int?[])> Entries => _entries;

        public string Progress => _progress;

        public ColourReport Report => new(bot, _seen.Count, _entries.Count, _deepestPly, _slowest, _clock.Elapsed);

        public void Run(CancellationToken cancellationToken)
        {
            _cancellation = cancellationToken;
            _clock.Start();
            if (bot == Color.Red)
            {
                Visit(Board.Empty);
            }
            else
            {
                for (var first = 0; first < Board.Columns; first++)
                {
                    Visit(Board.Empty.Play(first));
                }
            }

            _clock.Stop();
            _progress = $"{bot}: done, {_entries.Count} stored of {_seen.Count} in {_clock.Elapsed.TotalMinutes:F1} min";
        }

        /// <summary><paramref name="board"/>: the bot to move, no four on the board, not full.</summary>
        private void Visit(Board board)
        {
            _cancellation.ThrowIfCancellationRequested();
            var mirror = board.Mirror();
            if (!_seen.Add(Math.Min(board.Key, mirror.Key)))
            {
                return;
            }

            for (var column = 0; column < Board.Columns; column++)
            {
                if (board.CanPlay(column) && board.IsWinningMove(column))
                {
                    return;
                }
            }

            var safe = BotPlayer.NonLosingMoves(board);
            int move;
            if (safe.Count == 1)
            {
                move = safe[0];
            }
            else
            {
                _probe.Reset();
                using (var budget = new CancellationTokenSource(options.Threshold))
                {
                    var quick = BotPlayer.ExactScores(_probe, board, budget.Token);
                    if (safe.All(c => quick[c] is not null))
                    {
                        return;
                    }
                }

                var started = Stopwatch.GetTimestamp();
                var scores = BotPlayer.ExactScores(_deep, board, CancellationToken.None);
                var took = Stopwatch.GetElapsedTime(started);
                _slowest = took > _slowest ? took : _slowest;
                _deepestPly = Math.Max(_deepestPly, board.Ply);
                _entries.Add((board, scores));
                move = BotPlayer.BestExact(safe, scores);
                _progress = $"{bot}: {_entries.Count} stored of {_seen.Count}, last at ply {board.Ply} in {took.TotalMilliseconds:F0} ms";
            }

            var after = board.Play(move);
            if (after.IsFull)
            {
                return;
            }

            for (var reply = 0; reply < Board.Columns; reply++)
            {
                if (!after.CanPlay(reply) || after.IsWinningMove(reply))
                {
                    continue;
                }

                var next = after.Play(reply);
                if (!next.IsFull)
                {
                    Visit(next);
                }
            }
        }
    }
}
