using System.CommandLine;
using System.Diagnostics;
using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connect4.Bench.Solving;

/// <summary>
/// The <c>tournament</c> subcommand: the bot's levels play each other in this process, each adjacent pair (1 against 2,
/// 2 against 3, ...) a number of games with colours alternating, through the same <see cref="BotPlayer"/> the silo runs.
/// Prints a row per pair (wins of each level, draws) and the bot's answer times (p50, p99, slowest) per level.
/// </summary>
internal static class TournamentCommand
{
    public static Command Create()
    {
        var games = new Option<int>("--games")
        {
            Description = "Games per pair of adjacent levels; the weaker level is red in the even ones.",
            DefaultValueFactory = _ => 100,
        };
        var lowest = new Option<int>("--from") { Description = "The weakest level to play.", DefaultValueFactory = _ => 1 };
        var highest = new Option<int>("--to") { Description = "The strongest level to play.", DefaultValueFactory = _ => 5 };
        var command = new Command(
            "tournament",
            "Plays each pair of adjacent bot levels against each other with colours alternating, and prints the results "
            + "and the bot's answer times.")
        {
            games, lowest, highest,
        };
        command.SetAction((parse, cancellation) =>
            Run(parse.GetValue(games), parse.GetValue(lowest), parse.GetValue(highest), cancellation));
        return command;
    }

    private static async Task<int> Run(int games, int from, int to, CancellationToken cancellation)
    {
        if (games < 1 || from < 1 || to > 5 || from >= to)
        {
            await Console.Error.WriteLineAsync("tournament: --games must be positive and 1 <= --from < --to <= 5.");
            return 2;
        }

        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        var times = Enumerable.Range(0, 6).Select(_ => new List<double>()).ToArray();
        var rows = new List<string>();
        for (var weaker = from; weaker < to; weaker++)
        {
            int weakerWins = 0, strongerWins = 0, draws = 0;
            var started = Stopwatch.GetTimestamp();
            for (var game = 0; game < games; game++)
            {
                var weakerIsRed = game % 2 == 0;
                int[] levels = weakerIsRed ? [weaker, weaker + 1] : [weaker + 1, weaker];
                var winner = await PlayAsync(bot, levels, times, cancellation);
                if (winner is null)
                {
                    draws++;
                }
                else if ((winner == 0) == weakerIsRed)
                {
                    weakerWins++;
                }
                else
                {
                    strongerWins++;
                }

                await Console.Error.WriteLineAsync(
                    $"level {weaker} against {weaker + 1}: {game + 1}/{games} games, {weakerWins}-{strongerWins}, {draws} drawn");
            }

            rows.Add($"{weaker} v {weaker + 1,-4} {games,6} {strongerWins,12} {weakerWins,12} {draws,6} "
                     + $"{100.0 * (strongerWins + (draws / 2.0)) / games,10:F1}% {Stopwatch.GetElapsedTime(started).TotalSeconds,8:F0} s");
        }

        Console.WriteLine($"{"pair",-9} {"games",6} {"higher wins",12} {"lower wins",12} {"draws",6} {"higher score",11} {"time",10}");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine($"{"level",-6} {"moves",7} {"p50 ms",8} {"p99 ms",8} {"slowest ms",11}");
        for (var level = from; level <= to; level++)
        {
            var sorted = times[level].Order().ToList();
            if (sorted.Count > 0)
            {
                Console.WriteLine(
                    $"{level,-6} {sorted.Count,7} {Percentile(sorted, 0.50),8:F1} {Percentile(sorted, 0.99),8:F1} {sorted[^1],11:F1}");
            }
        }

        return 0;
    }

    /// <summary>One game; <paramref name="levels"/>: red's, then yellow's. Returns the winner's index (0 red), null for a draw.</summary>
    private static async Task<int?> PlayAsync(BotPlayer bot, int[] levels, List<double>[] times, CancellationToken cancellation)
    {
        var board = Board.Empty;
        while (!board.IsFull)
        {
            var mover = board.Ply % 2;
            var started = Stopwatch.GetTimestamp();
            var column = await bot.ChooseMove(board, levels[mover], cancellation);
            times[levels[mover]].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (board.IsWinningMove(column))
            {
                return mover;
            }

            board = board.Play(column);
        }

        return null;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
