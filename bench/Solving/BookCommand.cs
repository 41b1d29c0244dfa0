using System.CommandLine;
using System.Diagnostics;
using Connect4.Grains.Bots;
using Connect4.Grains.Solving;

namespace Connect4.Bench.Solving;

/// <summary>
/// The <c>book</c> subcommand: makes the bot's opening book with <see cref="OpeningBookBuilder"/> and writes it where
/// the grains project embeds it. A report per colour goes to stdout, progress to stderr.
/// </summary>
internal static class BookCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Where to write the book (the grains project embeds grains/Bots/opening-book.bin).",
            DefaultValueFactory = _ => Path.Combine("grains", "Bots", "opening-book.bin"),
        };
        var threshold = new Option<int>("--threshold-ms")
        {
            Description = "A position whose analysis takes longer than this from an empty table goes into the book.",
            DefaultValueFactory = _ => 40,
        };
        var tableBits = new Option<int>("--table-bits")
        {
            Description = "Each of the two exact solvers (one per colour) has a table of 2^B entries, 8 bytes each.",
            DefaultValueFactory = _ => 26,
        };
        var command = new Command(
            "book",
            "Walks every position the perfect bot can face as either colour and stores the exact column scores of those "
            + "it cannot analyse within the threshold: the opening book the bot ships with.")
        {
            output, threshold, tableBits,
        };
        command.SetAction((parse, cancellation) => Run(
            parse.GetValue(output)!, TimeSpan.FromMilliseconds(parse.GetValue(threshold)), parse.GetValue(tableBits), cancellation));
        return command;
    }

    private static async Task<int> Run(string output, TimeSpan threshold, int tableBits, CancellationToken cancellation)
    {
        if (threshold <= TimeSpan.Zero || tableBits is < Solver.MinTableBits or > Solver.MaxTableBits)
        {
            await Console.Error.WriteLineAsync(
                $"book: --threshold-ms must be positive and --table-bits within {Solver.MinTableBits}..{Solver.MaxTableBits}.");
            return 2;
        }

        var started = Stopwatch.GetTimestamp();
        var builder = new OpeningBookBuilder(new OpeningBookBuilder.Options(threshold, tableBits), line => Console.Error.WriteLine(line));
        var (book, reports) = await builder.BuildAsync(cancellation);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await using (var file = File.Create(output))
        {
            book.Write(file);
        }

        Console.WriteLine($"{"bot",-8} {"visited",8} {"stored",8} {"deepest ply",12} {"slowest solve",14} {"time",10}");
        foreach (var r in reports)
        {
            Console.WriteLine(
                $"{r.Bot,-8} {r.Visited,8} {r.Stored,8} {r.DeepestPly,12} {r.SlowestSolve.TotalSeconds,12:F2} s {r.Elapsed.TotalMinutes,8:F1} m");
        }

        Console.WriteLine(
            $"{book.Count} positions written to {output} ({new FileInfo(output).Length} bytes) in "
            + $"{Stopwatch.GetElapsedTime(started).TotalMinutes:F1} min, threshold {threshold.TotalMilliseconds} ms.");
        return 0;
    }
}
