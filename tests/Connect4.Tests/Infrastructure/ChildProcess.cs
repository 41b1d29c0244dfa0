using System.Diagnostics;

namespace Connect4.Tests.Infrastructure;

/// <summary>Programs the tests start as processes of their own: the bench tool built beside them, and scripts.</summary>
public static class ChildProcess
{
    /// <summary>The bench tool's assembly, copied beside the tests by the project reference.</summary>
    private static string BenchDll => Path.Combine(AppContext.BaseDirectory, "Connect4.Bench.dll");

    /// <summary>Starts <paramref name="file"/> with its output and errors redirected (read them, or they may fill up).</summary>
    public static Process Start(string file, IEnumerable<string> arguments) =>
        Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
        ?? throw new InvalidOperationException($"could not start {file}");

    /// <summary>Runs <paramref name="file"/> to its end and returns what it printed; past <paramref name="timeout"/> it is killed with its children and the wait throws.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(file, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>Runs the bench tool with <paramref name="arguments"/> (its subcommand first), as <see cref="RunAsync"/> does.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunBenchAsync(TimeSpan timeout, params string[] arguments) =>
        RunAsync("dotnet", [BenchDll, .. arguments], timeout);
}
