using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Bench.Solving;

/// <summary>
/// <c>solver &lt;folder&gt; [--first N] [--weak] [--table-bits B]</c>: solves every position of each
/// test-set file (Test_*) in the folder, each from an empty transposition table, and prints one row
/// per file beside Pascal Pons' published figures. Exit status 0 when every score is right, 1 when one
/// is wrong, 2 on bad arguments or unreadable files.
/// </summary>
public static class SolverBenchmark
{
    /// <summary>The usage text of the subcommand.</summary>
    public const string Usage =
        "usage: solver <folder> [--first N] [--weak] [--table-bits B]\n"
        + "  <folder>          a folder of test-set files named Test_* (lines: '<moves 1-7> <score>')\n"
        + "  --first N         only the first N lines of each file\n"
        + "  --weak            solve win/draw/loss only (checked against the sign of the score)\n"
        + "  --table-bits B    transposition table of 2^B entries (default "
        + "23, 8 bytes each)";

    /// <summary>Known sets: file name, set name, Pons' mean time per position in microseconds.</summary>
    private static readonly (string File, string Name, double PonsMicroseconds)[] KnownSets =
    [
        ("Test_L3_R1", "End-Easy", 5.3),
        ("Test_L2_R1", "Middle-Easy", 45),
        ("Test_L2_R2", "Middle-Medium", 4700),
        ("Test_L1_R1", "Begin-Easy", 330),
    ];

    /// <summary>
    /// Runs the benchmark; <paramref name="args"/> are the arguments after <c>solver</c>
    /// (see <see cref="Usage"/>). Returns the exit status.
    /// </summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);

        string? folder = null;
        int? first = null;
        bool weak = false;
        int tableBits = Solver.DefaultTableBits;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--first" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0:
                    first = n;
                    i++;
                    break;
                case "--weak":
                    weak = true;
                    break;
                case "--table-bits" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int b):
                    tableBits = b;
                    i++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    if (folder is null && !args[i].StartsWith('-'))
                    {
                        folder = args[i];
                        break;
                    }

                    Console.Error.WriteLine($"solver: unexpected or invalid argument '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        if (folder is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        return Run(folder, first, weak, tableBits);
    }

    /// <summary>
    /// Runs the benchmark on the Test_* files of <paramref name="folder"/>: the first
    /// <paramref name="first"/> lines of each (all when null), exact scores or, with
    /// <paramref name="weak"/>, signs, with a table of 2^<paramref name="tableBits"/> entries.
    /// Returns the exit status: 0 all right, 1 some score wrong, 2 bad arguments or unreadable files.
    /// </summary>
    public static int Run(string folder, int? first, bool weak, int tableBits)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (first is <= 0)
        {
            Console.Error.WriteLine($"solver: --first must be positive, not {first}.");
            return 2;
        }

        if (tableBits < Solver.MinTableBits || tableBits > Solver.MaxTableBits)
        {
            Console.Error.WriteLine(
                $"solver: --table-bits must be from {Solver.MinTableBits} to {Solver.MaxTableBits}, not {tableBits}.");
            return 2;
        }

        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"solver: folder '{folder}' does not exist.");
            return 2;
        }

        string[] files = Directory.GetFiles(folder, "Test_*")
            .OrderBy(f => SetOrder(Path.GetFileName(f)))
            .ThenBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"solver: no Test_* file in '{folder}'.");
            return 2;
        }

        var sets = new List<(string File, List<(Board Position, int Score, string Moves)> Positions)>();
        foreach (string file in files)
        {
            if (!TryRead(file, first ?? int.MaxValue, out var positions, out string? error))
            {
                Console.Error.WriteLine($"solver: {error}");
                return 2;
            }

            sets.Add((file, positions));
        }

        var solver = new Solver(tableBits);
        PrintHeader(folder, first, weak, solver);

        // Warm-up, untimed: brings the search to its optimised code before the measured solves.
        WarmUp(solver, sets, weak);

        Console.WriteLine(
            $"{"file",-12} {"set",-14} {"positions",9} {"right",6} {"mean us",11} {"mean nodes",12} "
            + $"{"nodes/s",8} {"Pons us",9} {"ours/Pons",9}");
        bool allRight = true;
        foreach (var (file, positions) in sets)
        {
            int right = 0;
            long ticks = 0;
            long nodes = 0;
            int shownWrong = 0;
            foreach (var (position, expected, moves) in positions)
            {
                long start = Stopwatch.GetTimestamp();
                solver.Reset();
                int score = solver.Solve(position, weak);
                ticks += Stopwatch.GetTimestamp() - start;
                nodes += solver.NodeCount;

                int want = weak ? Math.Sign(expected) : expected;
                if (score == want)
                {
                    right++;
                }
                else if (shownWrong++ < 5)
                {
                    Console.Error.WriteLine($"solver: {Path.GetFileName(file)}: '{moves}' solved to {score}, expected {want}.");
                }
            }

            allRight &= right == positions.Count;
            string name = Path.GetFileName(file);
            double meanMicroseconds = positions.Count == 0 ? 0 : ticks * 1e6 / Stopwatch.Frequency / positions.Count;
            double meanNodes = positions.Count == 0 ? 0 : (double)nodes / positions.Count;
            double nodesPerSecond = ticks == 0 ? 0 : nodes / ((double)ticks / Stopwatch.Frequency);
            var known = KnownSets.FirstOrDefault(k => k.File == name);
            string setName = known.Name ?? "-";
            string pons = known.Name is null ? "-" : Format(known.PonsMicroseconds);
            string ratio = known.Name is null || weak
                ? "-"
                : (meanMicroseconds / known.PonsMicroseconds).ToString("0.00", CultureInfo.InvariantCulture) + "x";
            Console.WriteLine(
                $"{name,-12} {setName,-14} {positions.Count,9} {right,6} {Format(meanMicroseconds),11} "
                + $"{meanNodes.ToString("0", CultureInfo.InvariantCulture),12} "
                + $"{(nodesPerSecond / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + "M",8} {pons,9} {ratio,9}");
        }

        Console.WriteLine();
        Console.WriteLine(
            "mean us: mean wall time per position in microseconds, each solved from an empty transposition table "
            + "(Reset, then Solve); mean nodes: positions explored per position.");
        Console.WriteLine(
            "Pons us: Pascal Pons' C++ solver (g++ -O3 -march=native, strong, no opening book) on a machine of this kind"
            + (weak ? "; no ratio in --weak mode, his figures are for the strong solver." : "."));
        Console.WriteLine(allRight ? "all scores right" : "SOME SCORES WRONG");
        return allRight ? 0 : 1;
    }

    private static void PrintHeader(string folder, int? first, bool weak, Solver solver)
    {
        Console.WriteLine("Connect 4 solver benchmark");
        Console.WriteLine(
            $"machine: {Environment.ProcessorCount} logical processors, {CpuModel()}, {RuntimeInformation.OSDescription}, "
            + $"{RuntimeInformation.OSArchitecture}");
        Console.WriteLine(
            $"runtime: {RuntimeInformation.FrameworkDescription}, server GC {System.Runtime.GCSettings.IsServerGC}, "
            + $"optimised build {IsOptimised()}");
        Console.WriteLine(
            $"sets: {Path.GetFullPath(folder)}{(first is null ? "" : $", first {first} lines of each")}; "
            + $"mode: {(weak ? "weak (win/draw/loss)" : "strong (exact score)")}; "
            + $"table: {solver.TableSize} entries ({solver.TableSize * 8L / (1024 * 1024)} MiB)");
        Console.WriteLine();
    }

    /// <summary>
    /// Solves the first positions of each set over and over for about two seconds, so that the runtime has
    /// compiled the search with full optimisation (tiered compilation promotes hot methods after a while)
    /// before anything is timed.
    /// </summary>
    private static void WarmUp(Solver solver, List<(string File, List<(Board Position, int Score, string Moves)> Positions)> sets, bool weak)
    {
        long deadline = Stopwatch.GetTimestamp() + 2 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            foreach (var (_, positions) in sets)
            {
                foreach (var (position, _, _) in positions.Take(10))
                {
                    solver.Reset();
                    solver.Solve(position, weak);
                }
            }
        }
    }

    internal static bool TryRead(
        string file, int first, out List<(Board Position, int Score, string Moves)> positions, out string? error)
    {
        positions = [];
        error = null;
        int lineNumber = 0;
        try
        {
            foreach (string line in File.ReadLines(file))
            {
                lineNumber++;
                if (lineNumber > first)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2
                    || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int score))
                {
                    error = $"{file}:{lineNumber}: expected '<moves 1-7> <score>', got '{line}'.";
                    return false;
                }

                positions.Add((Board.FromMoveString(parts[0]), score, parts[0]));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            error = $"{file}:{lineNumber}: {e.Message}";
            return false;
        }

        return true;
    }

    internal static int SetOrder(string fileName)
    {
        for (int i = 0; i < KnownSets.Length; i++)
        {
            if (KnownSets[i].File == fileName)
            {
                return i;
            }
        }

        return KnownSets.Length;
    }

    private static string Format(double microseconds) =>
        microseconds.ToString(microseconds < 100 ? "0.00" : "0", CultureInfo.InvariantCulture);

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }

        return "unknown processor";
    }

    private static bool IsOptimised()
    {
        var attribute = (DebuggableAttribute?)Attribute.GetCustomAttribute(
            typeof(Solver).Assembly, typeof(DebuggableAttribute));
        return attribute is null || !attribute.IsJITOptimizerDisabled;
    }
}
