using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>Short runs of bench's baseline (against the echo server it starts) and hold (against a real gateway).</summary>
public sealed class BaselineAndHoldSmokeTests
{
    [Fact]
    public async Task A_short_baseline_run_echoes_messages_without_errors_and_reports_its_figures()
    {
        var (exitCode, output, errors) = await RunBenchAsync("baseline", "--games", "2", "--seconds", "1", "--warmup", "0", "--json");

        Assert.True(exitCode == 0, $"bench baseline exited with {exitCode}: {output}\n{errors}");
        var last = output.TrimEnd().Split('\n')[^1];
        using var report = JsonDocument.Parse(last);
        var root = report.RootElement;
        Assert.True(root.GetProperty("messagesPerSecond").GetDouble() > 0, last);
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        Assert.Equal(4, root.GetProperty("connections").GetInt32());
        var latency = root.GetProperty("roundTripLatencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0, last);
        Assert.True(latency.GetProperty("max").GetDouble() >= latency.GetProperty("p99").GetDouble(), last);
    }

    [Fact]
    public async Task A_short_hold_keeps_every_connection_and_reports_the_gateways_memory_per_connection()
    {
        await using var host = await GatewayHost.StartAsync();
        var (exitCode, output, errors) = await RunBenchAsync("hold", "--url", host.HttpUri.ToString().TrimEnd('/'), "--connections", "50",
            "--seconds", "1", "--sources", "2", "--json");

        Assert.True(exitCode == 0, $"bench hold exited with {exitCode}: {output}\n{errors}");
        var last = output.TrimEnd().Split('\n')[^1];
        using var report = JsonDocument.Parse(last);
        var root = report.RootElement;
        Assert.Equal(50, root.GetProperty("opened").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal(0, root.GetProperty("lostWhileHeld").GetInt32());
        Assert.Equal(2, root.GetProperty("sources").GetInt32());
        var perConnection = root.GetProperty("perConnection");
        foreach (var figure in new[] { "workingSetKB", "managedHeapKB", "gcHeapSizeKB" })
        {
            Assert.Equal(JsonValueKind.Number, perConnection.GetProperty(figure).ValueKind);
        }

        var server = root.GetProperty("servers")[0];
        Assert.Equal(50, server.GetProperty("after").GetProperty("connections").GetInt32() - server.GetProperty("before").GetProperty("connections").GetInt32());
        Assert.True(server.GetProperty("after").GetProperty("collected").GetBoolean(), last);
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunBenchAsync(params string[] args) =>
        ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(90), args);
}
