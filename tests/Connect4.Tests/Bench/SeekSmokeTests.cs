using System.Text.Json;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Bench;

/// <summary>A short run of the seek benchmark against a real gateway, so the tool cannot rot unnoticed.</summary>
public sealed class SeekSmokeTests
{
    [Fact]
    public async Task A_short_seek_run_pairs_players_none_wrongly_and_reports_the_waits()
    {
        await using var host = await GatewayHost.StartAsync(Gateway.Wire.NoRateLimit);
        var (exitCode, output, errors) = await ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(90), "seek", "--url", host.HttpUri.ToString(), "--players", "12", "--seconds", "3", "--move-delay", "10", "--json");

        Assert.True(exitCode == 0, $"bench seek exited with {exitCode}: {output}\n{errors}");
        using var report = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        var root = report.RootElement;
        Assert.Equal((0, 0, 0), (root.GetProperty("pairedTwice").GetInt32(), root.GetProperty("pairedWithSelf").GetInt32(), root.GetProperty("broken").GetInt32()));
        Assert.True(root.GetProperty("pairings").GetInt32() >= 6, output);
        Assert.InRange(root.GetProperty("afterPartner").GetProperty("p99").GetDouble(), 0, 1000);
    }
}
