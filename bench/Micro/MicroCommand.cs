using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Connect4.Bench.Micro;

/// <summary>
/// The <c>micro</c> subcommand: the BenchmarkDotNet classes of bench/Micro (<see cref="RulesBenchmarks"/>,
/// <see cref="OneSiloCallBenchmarks"/>, <see cref="TwoSiloCallBenchmarks"/>, <see cref="SerializationBenchmarks"/>),
/// run in this process. Every argument after <c>micro</c> except <c>--short</c> goes to BenchmarkDotNet.
/// </summary>
internal static class MicroCommand
{
    /// <summary>BenchmarkDotNet's own options that make it print or list rather than run.</summary>
    private static readonly HashSet<string> NoRunOptions = new(StringComparer.OrdinalIgnoreCase) { "--list", "--info", "--version", "-?", "--help" };

    public static Command Create()
    {
        var shortRun = new Option<bool>("--short")
        {
            Description = "BenchmarkDotNet's ShortRun job (3 warm-up and 3 measured iterations, one launch): quick, rougher figures. "
                          + "The same as --job short.",
        };
        var command = new Command(
            "micro",
            "BenchmarkDotNet microbenchmarks, in this process: rules (play plus win check), a grain call in one silo, "
            + "a grain call across two silos, message serialization. Other arguments go to BenchmarkDotNet, e.g. "
            + "--filter *Rules*, --job dry, --list flat; after --, --help lists them. Without --filter, every benchmark runs. "
            + "Needs a Release build.")
        {
            shortRun,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => Run(parse.UnmatchedTokens, parse.GetValue(shortRun)));
        return command;
    }

    private static int Run(IReadOnlyList<string> arguments, bool shortRun)
    {
        var args = new List<string>(arguments);
        if (shortRun)
        {
            if (args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine("micro: --short is --job short; give one job, not both.");
                return 2;
            }

            args.InsertRange(0, ["--job", "short"]);
        }

        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run; this tool runs them all.
        if (!args.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)))
        {
            args.AddRange(["--filter", "*"]);
        }

        // In-process: BenchmarkDotNet 0.14's default toolchain generates and builds a project of its own per run,
        // which neither knows .NET 10 nor builds under this repository's central package versions and
        // warnings-as-errors. A mutator job applies to whichever job runs (the default, --job short, --job dry, ...).
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());

        // BenchmarkDotNet refuses a Debug build, rightly: its figures mean nothing. A dry run (one cold invocation
        // of each benchmark, as the smoke test does) only checks that the benchmarks run, so it may use one.
        var debugBuild = typeof(MicroCommand).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
        if (debugBuild && IsDryRun(args))
        {
            Console.Error.WriteLine("micro: a Debug build, allowed for --job dry only; for figures, build with -c Release.");
            config = config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
        else if (debugBuild)
        {
            Console.Error.WriteLine("micro: this is a Debug build; BenchmarkDotNet needs Release: dotnet run -c Release --project bench -- micro ...");
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroCommand).Assembly).Run([.. args], config).ToList();
        if (summaries.Count == 0)
        {
            return args.Any(NoRunOptions.Contains) ? 0 : 1;
        }

        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success) || s.Reports.Length == 0) ? 1 : 0;
    }

    /// <summary>Whether BenchmarkDotNet's arguments ask for the Dry job (<c>--job dry</c>, <c>-j dry</c>, <c>--job=dry</c>).</summary>
    private static bool IsDryRun(List<string> args) =>
        args.Any(a => string.Equals(a, "--job=dry", StringComparison.OrdinalIgnoreCase))
        || args.Zip(args.Skip(1)).Any(p => p.First is "--job" or "-j" && string.Equals(p.Second, "dry", StringComparison.OrdinalIgnoreCase));
}
