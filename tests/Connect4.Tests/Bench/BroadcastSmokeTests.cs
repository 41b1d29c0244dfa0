using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>A short run of the broadcast benchmark against a real gateway, so the tool cannot rot unnoticed.</summary>
public sealed class BroadcastSmokeTests
{
    [Fact]
    public async Task A_short_broadcast_run_delivers_every_move_to_every_spectator_once_and_reports_its_figures()
    {
        await using var host = await GatewayHost.StartAsync();
        var (exitCode, output, errors) = await ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(90), "broadcast", "--url", host.WsUri.ToString(), "--spectators", "20", "--rate", "2", "--seconds", "3", "--json");

        Assert.True(exitCode == 0, $"bench broadcast exited with {exitCode}: {output}\n{errors}");
        var last = output.TrimEnd().Split('\n')[^1];
        using var report = JsonDocument.Parse(last);
        var root = report.RootElement;
        Assert.Equal(20, root.GetProperty("spectators").GetInt32());
        Assert.True(root.GetProperty("moves").GetInt32() > 0, $"no move played: {last}");
        Assert.Equal(0, root.GetProperty("missed").GetInt32());
        Assert.Equal(0, root.GetProperty("duplicated").GetInt32());
        var latency = root.GetProperty("latencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0, last);
        Assert.True(latency.GetProperty("max").GetDouble() >= latency.GetProperty("p99").GetDouble(), last);
    }
}
