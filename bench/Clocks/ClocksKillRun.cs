using Connect4.Bench.Common;
using Connect4.Bench.Failover;

namespace Connect4.Bench.Clocks;

/// <summary>The silo killed in a <c>clocks --kill</c> run, the games it hosted, and how long before their earliest deadline it died.</summary>
internal sealed record ClockVictim(string Silo, IReadOnlySet<string> Games, double MsBeforeDeadline);

/// <summary>
/// <c>clocks --kill</c>: on the local cluster of scripts/cluster.sh, the timed games' players connect through the balancer;
/// once every game knows its deadline, the silo hosting the most of them (by its <c>GET /games</c>) is SIGKILLed
/// <c>--kill-before</c> seconds before the earliest of their deadlines, and started again once every game has ended.
/// </summary>
internal static class ClocksKillRun
{
    public static async Task<int> RunAsync(ClocksOptions o, CancellationToken cancel)
    {
        var root = ClusterScript.FindRepositoryRoot();
        var scriptPath = o.Script ?? (root is null ? null : Path.Combine(root, "scripts", "cluster.sh"));
        if (scriptPath is null || !File.Exists(scriptPath))
        {
            await Console.Error.WriteLineAsync($"clocks: no cluster script{(scriptPath is null ? "" : " at " + scriptPath)}; pass --script");
            return 2;
        }

        var cluster = new ClusterScript(Path.GetFullPath(scriptPath));
        var (upCode, upLines) = await cluster.RunAsync(true, "up");
        var startedCluster = !upLines.Any(l => l.StartsWith("already running:", StringComparison.Ordinal));
        if (upCode != 0)
        {
            await Console.Error.WriteLineAsync($"clocks: 'up' failed with {upCode}");
            if (startedCluster)
            {
                await cluster.RunAsync(true, "down");
            }

            return 1;
        }

        var url = upLines.LastOrDefault(l => l.Length > 0) ?? "";
        ClockVictim? victim = null;
        List<ClockOutcome> outcomes = [];
        try
        {
            var silos = await SiloProbes.WaitForSilosAsync(cluster, (await cluster.StatusAsync()).Count(n => n.Name.StartsWith("silo-", StringComparison.Ordinal)), cancel);
            await Task.Delay(TimeSpan.FromSeconds(1), cancel); // let the gateways settle on every silo
            outcomes = await ClocksRun.PlayAsync(Endpoints.WebSocket(url, "/ws"), o, async games =>
            {
                var hosts = await SiloProbes.GamesBySiloAsync(silos, cancel);
                var ids = games.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
                var (name, hosted) = hosts.Select(h => (h.Key, h.Value.Where(ids.Contains).ToHashSet(StringComparer.Ordinal))).MaxBy(h => h.Item2.Count);
                var earliest = games.Where(g => hosted.Contains(g.Id) && g.Deadline.IsCompleted).Min(g => g.Deadline.Result);
                var at = earliest - TimeSpan.FromSeconds(o.KillBefore);
                if (at > DateTimeOffset.UtcNow)
                {
                    await Task.Delay(at - DateTimeOffset.UtcNow, cancel); // a point in time: just before the deadlines
                }

                await cluster.RunCheckedAsync(true, "kill", name);
                victim = new ClockVictim(name, hosted, (earliest - DateTimeOffset.UtcNow).TotalMilliseconds);
                await Console.Error.WriteLineAsync($"clocks: killed {name}, host of {hosted.Count} games, {victim.MsBeforeDeadline:0} ms before the earliest of their deadlines");
            }, cancel);
        }
        finally
        {
            if (victim is not null)
            {
                await cluster.RunAsync(true, "start", victim.Silo);
            }

            if (startedCluster)
            {
                await cluster.RunAsync(true, "down");
            }
        }

        ClocksReport.Print(o, url, outcomes, victim);
        return outcomes.All(r => r.Failure is null && r.Reason == "timeout") ? 0 : 1;
    }
}
