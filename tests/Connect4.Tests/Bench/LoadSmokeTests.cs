using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>A short run of the load generator against a real gateway, so the tool cannot rot unnoticed.</summary>
public sealed class LoadSmokeTests
{
    [Theory]
    [InlineData("native")]
    [InlineData("tutorial")]
    public async Task A_short_load_run_plays_games_without_errors_and_reports_its_figures(string protocol)
    {
        await using var host = await GatewayHost.StartAsync();
        var (exitCode, output, errors) = await ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(60),
            "load", "--url", host.HttpUri.ToString().TrimEnd('/'), "--games", "2", "--seconds", "2", "--warmup", "0", "--protocol", protocol, "--json");

        Assert.True(exitCode == 0, $"bench load exited with {exitCode}: {output}\n{errors}");
        var last = output.TrimEnd().Split('\n')[^1];
        using var report = JsonDocument.Parse(last);
        var root = report.RootElement;
        Assert.True(root.GetProperty("movesPerSecond").GetDouble() > 0, last);
        Assert.True(root.GetProperty("games").GetInt32() > 0, $"no game finished: {last}");
        Assert.Equal(0, root.GetProperty("errors").GetInt32());
        var latency = root.GetProperty("opponentLatencyMs");
        Assert.True(latency.GetProperty("p50").GetDouble() > 0, last);
        Assert.True(latency.GetProperty("max").GetDouble() >= latency.GetProperty("p99").GetDouble(), last);
    }
}
