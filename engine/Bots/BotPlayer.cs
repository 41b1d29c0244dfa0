using System.Collections.Concurrent;
using System.Diagnostics;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;
using Microsoft.Extensions.Logging;

namespace Connect4.Engine.Bots;

/// <summary>The computer opponent and the position analysis, shared by every game of a silo.</summary>
public interface IBotPlayer
{
    /// <summary>
    /// The column the bot of <paramref name="level"/> (1 to 5) plays in <paramref name="board"/>, which must
    /// have a legal move and hold no four. Answers within <see cref="BotPlayer.MoveBudget"/> plus a few milliseconds.
    /// </summary>
    Task<int> ChooseMove(Board board, int level, CancellationToken cancellationToken = default);

    /// <summary>
    /// For each column, the exact score of playing it for the player to move, or null for a full column or one
    /// not solved within <paramref name="budget"/>.
    /// </summary>
    Task<int?[]> Analyze(Board board, TimeSpan budget, CancellationToken cancellationToken = default);
}

/// <summary>
/// Runs every search on a thread of its own, never on a grain's turn, with at most
/// <see cref="Environment.ProcessorCount"/> searches at once (each owns one <see cref="Solver"/> from a pool,
/// as a solver is not thread-safe and holds a 64 MiB table that is worth keeping warm).
/// </summary>
/// <remarks>
/// <para>The levels, weakest first, chosen so that each step is one a player can feel:</para>
/// <list type="number">
/// <item>Random among the moves that do not lose at once (it blocks a single threat, since anything else loses;
/// it never plays under the opponent's winning cell when it has another move), and takes an immediate win only
/// half the time. A beginner who sees nothing ahead.</item>
/// <item>Always takes a win and blocks; otherwise a 2-ply search with the threat-count evaluation, random among
/// equal moves: it sees one move ahead, so simple traps beat it.</item>
/// <item>A 6-ply search with the same evaluation: it sees most short tactics, not long-term zugzwang.</item>
/// <item>Level 5 without the opening book, and with probability 1/4 the move of the next lower exact value instead
/// of the best, as long as that does not turn a win or a draw into a loss (so it wins slower, lets a win slip to a
/// draw, loses sooner; that needs every column's exact score within the budget). In the opening, where its search
/// does not finish in time, the heuristic search plays: strong, yet a careful player can get a won position from it
/// there.</item>
/// <item>Perfect: among the moves of the best exact score it plays the centre-most; the score convention
/// already ranks a quicker win and a slower loss higher. The opening book gives that move in the positions a
/// perfect bot can meet where the search takes too long; elsewhere the solver finds it
/// (<see cref="Solver.BestMove"/>: the position's exact score, then the centre-most move that keeps it, far cheaper
/// than every column's exact score). When that does not finish within the budget (only in the opening, off the
/// book's lines), it falls back to an iterative-deepening search of up to 7 plies.</item>
/// </list>
/// </remarks>
public sealed partial class BotPlayer : IBotPlayer
{
    /// <summary>The time the bot gives its exact analysis of one move; the fallback search comes on top.</summary>
    public static readonly TimeSpan MoveBudget = TimeSpan.FromMilliseconds(400);

    /// <summary>The first ply at which the exact analysis is tried.</summary>
    private const int ExactFromPly = 4;

    /// <summary>The deepest fallback search; iterative deepening stops earlier at <see cref="HardBudget"/>.</summary>
    private const int FallbackDepth = 7;

    /// <summary>When every depth-limited search stops (it then keeps the last depth it completed).</summary>
    public static readonly TimeSpan HardBudget = TimeSpan.FromMilliseconds(700);

    private const int Cells = Board.MaxPly;
    private static readonly int[] CentreFirst = [3, 2, 4, 1, 5, 0, 6];

    /// <summary>Search slots, shared by the whole process: the processors are.</summary>
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    /// <summary>Idle solvers, shared by the whole process like the slots (never more than there are slots).</summary>
    private static readonly ConcurrentBag<Solver> Solvers = [];
    private readonly ILogger<BotPlayer> _logger;
    private readonly OpeningBook _book;

    /// <summary>A bot with the opening book shipped in this assembly.</summary>
    public BotPlayer(ILogger<BotPlayer> logger)
        : this(logger, OpeningBook.Shipped)
    {
    }

    internal BotPlayer(ILogger<BotPlayer> logger, OpeningBook book)
    {
        _logger = logger;
        _book = book;
        _ = WarmedUp.Value;
        LogBook(_book.Count);
    }

    /// <summary>The compiled code is the process's, so one warm-up per process is enough.</summary>
    private static readonly Lazy<Task> WarmedUp = new(() => Task.Run(WarmUp));

    public async Task<int> ChooseMove(Board board, int level, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 5);
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MoveBudget);
        var stop = started + (long)(HardBudget.TotalSeconds * Stopwatch.Frequency);
        if (!await Slots.WaitAsync(MoveBudget, cancellationToken))
        {
            // Every slot stayed busy for the whole budget: answer with a quick 4-ply search (a few milliseconds),
            // still taking a win and blocking a threat.
            var safe = board.NonLosingMoves();
            var quick = CentreFirst.Where(c => board.CanPlay(c) && board.IsWinningMove(c)).Cast<int?>().FirstOrDefault()
                ?? HeuristicSearch.BestByDepth(board, safe, 4, null, stop);
            LogBusy(board.Ply, level);
            return quick;
        }

        try
        {
            var column = await OffThePool(() => Choose(board, level, deadline.Token, stop));
            LogMove(board.Ply, level, column, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return column;
        }
        finally
        {
            Slots.Release();
        }
    }

    public async Task<int?[]> Analyze(Board board, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        // The book may hold only the best move's score: the other columns are searched as usual.
        var booked = _book.TryGetScores(board, out var known) ? known : null;
        if (booked is not null && Enumerable.Range(0, Board.Columns).All(c => booked[c] is not null || !board.CanPlay(c)))
        {
            return booked;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(budget);
        await Slots.WaitAsync(cancellationToken);
        try
        {
            return await OffThePool(() => WithSolver(s => ExactScores(s, board, deadline.Token, booked)));
        }
        finally
        {
            Slots.Release();
        }
    }

    /// <summary>
    /// Runs a search on a thread of its own rather than a thread-pool thread: a search keeps its thread busy for
    /// up to the budget, and with as many searches as processors (2 on a small machine) pool threads would all
    /// be taken, stalling every grain turn and network callback until the pool grows (seconds).
    /// </summary>
    private static Task<T> OffThePool<T>(Func<T> search) =>
        Task.Factory.StartNew(search, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static T WithSolver<T>(Func<Solver, T> search)
    {
        if (!Solvers.TryTake(out var solver))
        {
            solver = new Solver();
        }

        try
        {
            return search(solver);
        }
        finally
        {
            Solvers.Add(solver);
        }
    }

    /// <summary>
    /// Each column's exact score (null: full or not solved in time), centre columns first; the columns
    /// <paramref name="known"/> already scores are taken from it.
    /// </summary>
    internal static int?[] ExactScores(Solver solver, Board board, CancellationToken deadline, int?[]? known = null)
    {
        var scores = known is null ? new int?[Board.Columns] : (int?[])known.Clone();
        foreach (var column in CentreFirst)
        {
            if (!board.CanPlay(column) || scores[column] is not null)
            {
                continue;
            }

            if (board.IsWinningMove(column))
            {
                scores[column] = (Cells + 1 - board.Ply) / 2;
                continue;
            }

            scores[column] = -solver.Solve(board.Play(column), deadline);
        }

        return scores;
    }

    private int Choose(Board board, int level, CancellationToken deadline, long stop)
    {
        var random = Random.Shared;
        var safe = board.NonLosingMoves();
        var win = CentreFirst.Where(c => board.CanPlay(c) && board.IsWinningMove(c)).Cast<int?>().FirstOrDefault();
        switch (level)
        {
            case 1:
                if (win is { } w1 && random.Next(2) == 0)
                {
                    return w1;
                }

                return safe[random.Next(safe.Count)];
            case 2:
                return win ?? HeuristicSearch.BestByDepth(board, safe, 2, random, stop);
            case 3:
                return win ?? HeuristicSearch.BestByDepth(board, safe, 6, random, stop);
        }

        if (win is { } w)
        {
            return w;
        }

        if (safe.Count == 1)
        {
            return safe[0];
        }

        // Level 4 has no opening book: in the opening its search does not finish, and the heuristic search plays.
        var perfect = PerfectMove(board, safe, deadline, useBook: level == 5);
        if (level == 4 && random.Next(4) == 0 && SecondBest(board, safe, deadline) is { } second)
        {
            return second;
        }

        if (perfect is { } best)
        {
            return best;
        }

        // Fallback: the exact search did not finish within the budget (the opening, off the book's lines).
        LogFallback(board.Ply, level);
        return HeuristicSearch.BestByDepth(board, safe, FallbackDepth, null, stop);
    }

    /// <summary>
    /// The perfect move among <paramref name="safe"/>: of the best exact score, the centre-most. From the opening
    /// book (with <paramref name="useBook"/>), which holds the positions a perfect bot can meet where the search
    /// takes too long, else from the solver's best-move search within the budget; null when that did not finish.
    /// Before <see cref="ExactFromPly"/> the search is not started: there it never finishes in time.
    /// </summary>
    private int? PerfectMove(Board board, List<int> safe, CancellationToken deadline, bool useBook)
    {
        if (useBook && PerfectChoice.BookMove(_book, board) is { } booked)
        {
            return booked;
        }

        return board.Ply < ExactFromPly ? null : WithSolver(s => s.BestMove(board, safe, deadline))?.Column;
    }

    /// <summary>
    /// Level 4's slip: the move of the next lower exact value, unless that would throw away a win or a draw
    /// altogether (a won game may slip to a slower win or a draw, a lost one end sooner, but a drawn or won game
    /// never becomes a loss here). Null when there is none, or when every safe column's exact score is not known
    /// within the budget (the opening).
    /// </summary>
    private int? SecondBest(Board board, List<int> safe, CancellationToken deadline)
    {
        var scores = board.Ply < ExactFromPly ? null
            : WithSolver(s => ExactScores(s, board, deadline));
        if (scores is null || safe.Any(c => scores[c] is null))
        {
            return null;
        }

        var ranked = PerfectChoice.Ranked(safe, scores);
        var best = scores[ranked[0]]!.Value;
        var second = ranked.FirstOrDefault(c => scores[c]!.Value < best && (best < 0 || scores[c]!.Value >= 0), -1);
        return second >= 0 ? second : null;
    }

    /// <summary>
    /// Runs the solver and the fallback search for a moment, so that the runtime compiles them fully optimised
    /// before a player waits on them (the first, unoptimised runs are several times slower).
    /// </summary>
    internal static void WarmUp()
    {
        var solver = new Solver(16);
        var board = Board.FromMoveString("4453");
        var stop = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2;
        for (var i = 0; i < 40 && Stopwatch.GetTimestamp() < stop; i++)
        {
            using var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(10));
            solver.Reset();
            ExactScores(solver, board, budget.Token);
            solver.BestMove(board, CentreFirst, budget.Token);
            HeuristicSearch.BestByDepth(board, CentreFirst, 4, null, stop);
        }
    }

    [LoggerMessage(2200, LogLevel.Debug, "Bot level {Level} played column {Column} at ply {Ply} in {Milliseconds} ms")]
    private partial void LogMove(int ply, int level, int column, double milliseconds);

    [LoggerMessage(2202, LogLevel.Warning, "Bot level {Level} at ply {Ply}: no search slot free within the budget, quick search")]
    private partial void LogBusy(int ply, int level);

    [LoggerMessage(2203, LogLevel.Information, "The bot's opening book holds {Positions} positions")]
    private partial void LogBook(int positions);

    [LoggerMessage(2201, LogLevel.Debug, "Bot level {Level} at ply {Ply}: exact analysis not finished in time, fallback search")]
    private partial void LogFallback(int ply, int level);
}
