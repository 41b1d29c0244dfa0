using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Connect4.Tests.Bench;

/// <summary>
/// A dry run (one cold invocation each) of every microbenchmark of bench/Micro, so that their setups (a standalone
/// Orleans silo as the embedded gateway's, two Orleans silos of one development cluster, Orleans' serializer with the
/// grain interfaces' generated code) cannot rot unnoticed. It checks that each benchmark ran, not its figures.
/// </summary>
public sealed class MicroSmokeTests
{
    private static readonly string[] Benchmarks =
    [
        "ReadMoves", "Play", "PlayAndWinCheck",
        "ThreadPoolHop", "DirectCall", "PingGrain", "GameGetView",
        "SameSilo", "OtherSilo",
        "JsonSerializerMoveMade", "NativeMoveEvent", "NativeGameSnapshot", "ParsePlayCommand",
        "OrleansSerializeMoveMade", "OrleansSerializePlayRequest", "OrleansDeserializePlayRequest",
        "OrleansSerializeGameView", "OrleansDeserializeGameView",
    ];

    [Fact]
    public async Task A_dry_run_of_every_microbenchmark_completes_and_reports_each()
    {
        var artifacts = Directory.CreateTempSubdirectory("c4-micro-");
        try
        {
            var bench = Path.Combine(AppContext.BaseDirectory, "Connect4.Bench.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = artifacts.FullName,
                ArgumentList = { bench, "micro", "--job", "dry", "--artifacts", artifacts.FullName },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));

            var output = await stdout;
            Assert.True(process.ExitCode == 0, $"bench micro exited with {process.ExitCode}: {output}\n{await stderr}");
            foreach (var name in Benchmarks)
            {
                // A row of a summary table with a figure in the Mean column (a failed benchmark shows NA).
                Assert.True(Regex.IsMatch(output, $@"^\| {name} +\| +[0-9]", RegexOptions.Multiline), $"no result for {name}:\n{output}");
            }
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }
}
