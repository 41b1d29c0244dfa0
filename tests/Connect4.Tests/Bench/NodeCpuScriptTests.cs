using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>
/// <c>scripts/node-cpu.py</c>, which <c>scripts/perf.sh</c> uses to say where a move's CPU went: a spinning process
/// shows its CPU, a sleeping one next to none, and one that is gone counts as idle rather than failing the report.
/// </summary>
public sealed class NodeCpuScriptTests
{
    [Fact]
    public async Task It_reports_each_process_cpu_over_the_window_and_a_gone_process_as_idle()
    {
        using var busy = ChildProcess.Start("python3", ["-c", "import time\nend = time.time() + 30\nwhile time.time() < end: pass"]);
        using var idle = ChildProcess.Start("sleep", ["30"]);
        var pidFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(pidFile, $"{busy.Id} 12345\n");
        try
        {
            var report = await RunAsync("0", "1.5", $"busy={pidFile}", $"idle={idle.Id}", "gone=999999999");

            var processes = report.GetProperty("processes");
            var busyMs = processes.GetProperty("busy").GetDouble();
            Assert.True(busyMs > 150, $"a spinning process used {busyMs} ms/s: {report}");
            Assert.True(processes.GetProperty("idle").GetDouble() < 50, report.ToString());
            Assert.Equal(0, processes.GetProperty("gone").GetDouble());
            Assert.True(report.GetProperty("machine").GetDouble() >= busyMs * 0.9, report.ToString());
            Assert.InRange(report.GetProperty("seconds").GetDouble(), 1.4, 5);
        }
        finally
        {
            busy.Kill();
            idle.Kill();
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task Without_its_arguments_it_fails_with_its_usage()
    {
        var (exitCode, _, errors) = await RunRawAsync("1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Usage: node-cpu.py DELAY SECONDS", errors);
    }

    private static async Task<JsonElement> RunAsync(params string[] arguments)
    {
        var (exitCode, output, errors) = await RunRawAsync(arguments);
        Assert.True(exitCode == 0, $"node-cpu.py exited with {exitCode}: {output}\n{errors}");
        using var report = JsonDocument.Parse(output);
        return report.RootElement.Clone();
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunRawAsync(params string[] arguments) =>
        ChildProcess.RunAsync("python3", [Repository.File("scripts/node-cpu.py"), .. arguments], TimeSpan.FromSeconds(30));
}
