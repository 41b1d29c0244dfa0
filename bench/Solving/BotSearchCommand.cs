using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Bench.Solving;

/// <summary>
/// The <c>bot-search</c> subcommand: what the perfect bot's move costs, against what the position's score alone costs.
/// For each position of each test-set file, each from an empty table: the score (<see cref="Solver.Solve(Board, bool)"/>,
/// the baseline), the best move with its score (<see cref="Solver.BestMove"/>, what level 5 and the opening book's walk
/// run), and every column's exact score (<see cref="Solver.Analyze(Board, bool)"/>, what the analysis runs). Prints the
/// mean times and their ratios to the baseline; exit status 1 when a score is wrong or the best move does not keep it.
/// </summary>
internal static class BotSearchCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("folder") { Description = "A folder of Test_* files, as for the solver subcommand." };
        var first = new Option<int>("--first")
        {
            Description = "Only the first N lines of each file (every column's score takes seconds per position in the opening).",
            DefaultValueFactory = _ => 100,
        };
        var command = new Command(
            "bot-search",
            "Times, per test set and from an empty table: the position's score, the bot's best move with its score, and "
            + "every column's exact score, with ratios to the first.")
        {
            folder, first,
        };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(first)));
        return command;
    }

    private static int Run(string folder, int first)
    {
        if (first < 1)
        {
            Console.Error.WriteLine($"bot-search: --first must be positive, not {first}.");
            return 2;
        }

        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"bot-search: folder '{folder}' does not exist.");
            return 2;
        }

        var solver = new Solver();
        var wrong = 0;
        Console.WriteLine(
            $"{"file",-12} {"positions",9} {"score us",10} {"best move us",13} {"ratio",7} {"every column us",16} {"ratio",8}");
        foreach (var file in Directory.GetFiles(folder, "Test_*").OrderBy(f => SolverBenchmark.SetOrder(Path.GetFileName(f))))
        {
            if (!SolverBenchmark.TryRead(file, first, out var positions, out var error))
            {
                Console.Error.WriteLine($"bot-search: {error}");
                return 2;
            }

            // Positions where the bot has a choice to make: no immediate win, more than one move that does not lose at once.
            var choices = positions
                .Where(p => !Enumerable.Range(0, Board.Columns).Any(c => p.Position.CanPlay(c) && p.Position.IsWinningMove(c)))
                .Select(p => (p.Position, p.Score, p.Moves, Safe: p.Position.NonLosingMoves()))
                .Where(p => p.Safe.Count > 1)
                .ToList();
            long scoreTicks = 0, bestTicks = 0, everyTicks = 0;
            foreach (var (position, expected, moves, safe) in choices)
            {
                scoreTicks += Timed(solver, () => solver.Solve(position), out var score);
                bestTicks += Timed(solver, () => solver.BestMove(position, safe, CancellationToken.None)!.Value, out var best);
                everyTicks += Timed(solver, () => solver.Analyze(position), out var every);
                if (score != expected || best.Score != expected || every[best.Column] != expected || every.Max() != expected)
                {
                    wrong++;
                    Console.Error.WriteLine(
                        $"bot-search: {moves}: expected {expected}, score {score}, best move {best.Column + 1} with {best.Score}, "
                        + $"every column {string.Join(' ', every.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? "-"))}");
                }
            }

            double Mean(long ticks) => choices.Count == 0 ? 0 : ticks * 1e6 / Stopwatch.Frequency / choices.Count;
            Console.WriteLine(
                $"{Path.GetFileName(file),-12} {choices.Count,9} {Mean(scoreTicks),10:F1} {Mean(bestTicks),13:F1} "
                + $"{(double)bestTicks / scoreTicks,7:F2} {Mean(everyTicks),16:F1} {(double)everyTicks / scoreTicks,8:F1}");
        }

        return wrong == 0 ? 0 : 1;
    }

    private static long Timed<T>(Solver solver, Func<T> search, out T result)
    {
        solver.Reset();
        var start = Stopwatch.GetTimestamp();
        result = search();
        return Stopwatch.GetTimestamp() - start;
    }
}
