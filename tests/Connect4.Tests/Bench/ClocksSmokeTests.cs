using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>A short run of the clocks benchmark against a real gateway, so the tool cannot rot unnoticed.</summary>
public sealed class ClocksSmokeTests
{
    [Fact]
    public async Task A_short_clocks_run_sees_every_flag_fall_and_reports_the_delays()
    {
        await using var host = await GatewayHost.StartAsync();
        var (exitCode, output, errors) = await ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(90), "clocks", "--url", host.HttpUri.ToString(), "--games", "5", "--json");

        Assert.True(exitCode == 0, $"bench clocks exited with {exitCode}: {output}\n{errors}");
        using var report = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var root = report.RootElement;
        Assert.Equal((5, 0, 0), (root.GetProperty("games").GetInt32(), root.GetProperty("wrong").GetInt32(), root.GetProperty("failed").GetInt32()));
        var delay = root.GetProperty("delay");
        Assert.Equal(5, delay.GetProperty("count").GetInt32());
        Assert.InRange(delay.GetProperty("max").GetDouble(), 0, 1000);
    }
}
