using System.CommandLine;
using System.Diagnostics;
using Connect4.Engine.Bots;
using Connect4.Engine.Solving;

namespace Connect4.Bench.Solving;

/// <summary>
/// The <c>book</c> subcommand: makes the bot's opening book with <see cref="OpeningBookBuilder"/> and writes it where
/// the grains project embeds it. A report per ply goes to stdout, progress to stderr.
/// </summary>
internal static class BookCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Where to write the book (the engine project embeds engine/Bots/opening-book.bin).",
            DefaultValueFactory = _ => Path.Combine("engine", "Bots", "opening-book.bin"),
        };
        var threshold = new Option<int>("--threshold-ms")
        {
            Description = "A position whose best-move search takes longer than this from an empty table goes into the book.",
            DefaultValueFactory = _ => 40,
        };
        var tableBits = new Option<int>("--table-bits")
        {
            Description = "The exact solver's table has 2^B entries, 8 bytes each (28: 2 GiB).",
            DefaultValueFactory = _ => 28,
        };
        var maxPly = new Option<int>("--max-ply")
        {
            Description = "Stop after the positions of this ply (a partial book, complete up to it).",
            DefaultValueFactory = _ => 42,
        };
        var resume = new Option<bool>("--resume")
        {
            Description = "Start from the book already at --out (a checkpoint of an interrupted run): its positions are not solved again.",
        };
        var command = new Command(
            "book",
            "Walks every position the perfect bot can face as either colour and stores the best move, with its exact score, "
            + "of those where its search does not finish within the threshold: the opening book the bot ships with.")
        {
            output, threshold, tableBits, maxPly, resume,
        };
        command.SetAction((parse, cancellation) => Run(
            parse.GetValue(output)!,
            new OpeningBookBuilder.Options(
                TimeSpan.FromMilliseconds(parse.GetValue(threshold)), parse.GetValue(tableBits), MaxPly: parse.GetValue(maxPly)),
            parse.GetValue(resume),
            cancellation));
        return command;
    }

    private static async Task<int> Run(string output, OpeningBookBuilder.Options options, bool resume, CancellationToken cancellation)
    {
        if (options.Threshold <= TimeSpan.Zero || options.TableBits is < Solver.MinTableBits or > Solver.MaxTableBits || options.MaxPly < 0)
        {
            await Console.Error.WriteLineAsync(
                $"book: --threshold-ms must be positive, --table-bits within {Solver.MinTableBits}..{Solver.MaxTableBits}, --max-ply at least 0.");
            return 2;
        }

        OpeningBook? start = null;
        if (resume && File.Exists(output))
        {
            await using var file = File.OpenRead(output);
            start = OpeningBook.Read(file);
            await Console.Error.WriteLineAsync($"resuming from {output}: {start.Count} positions");
        }

        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var builder = new OpeningBookBuilder(
            options with { Start = start },
            line => Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"),
            b => Save(b, output));
        try
        {
            var (book, reports) = await builder.BuildAsync(cancellation);
            Save(book, output);
            Console.WriteLine($"{"ply",4} {"bot",-7} {"positions",10} {"stored",8} {"slowest solve",14} {"time",10}");
            foreach (var r in reports)
            {
                Console.WriteLine(
                    $"{r.Ply,4} {r.Bot,-7} {r.Visited,10} {r.Stored,8} {r.SlowestSolve.TotalSeconds,12:F1} s {r.Elapsed.TotalMinutes,8:F1} m");
            }

            Console.WriteLine(
                $"{book.Count} positions written to {output} ({new FileInfo(output).Length} bytes) in "
                + $"{Stopwatch.GetElapsedTime(started).TotalMinutes:F1} min, threshold {options.Threshold.TotalMilliseconds} ms.");
            return 0;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"book: stopped; what was solved is in {output}: run again with --resume to go on.");
            return 130;
        }
    }

    /// <summary>Writes the book beside <paramref name="output"/> and then moves it there, so a crash never leaves half a file.</summary>
    private static void Save(OpeningBook book, string output)
    {
        var temporary = output + ".tmp";
        using (var file = File.Create(temporary))
        {
            book.Write(file);
        }

        File.Move(temporary, output, overwrite: true);
    }
}
