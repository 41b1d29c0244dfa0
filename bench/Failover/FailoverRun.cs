using System.Diagnostics;
using Connect4.Bench.Common;

namespace Connect4.Bench.Failover;

/// <summary>The <c>failover</c> subcommand.</summary>
internal static class FailoverRun
{
    public static async Task<int> RunAsync(FailoverOptions o, CancellationToken cancel)
    {
        var root = ClusterScript.FindRepositoryRoot();
        var scriptPath = o.Script ?? (root is null ? null : Path.Combine(root, "scripts", "cluster.sh"));
        if (scriptPath is null || !File.Exists(scriptPath))
        {
            await Console.Error.WriteLineAsync(scriptPath is null
                ? "failover: Connect4.sln not found above the current directory; pass --script"
                : $"failover: no script at {scriptPath}");
            return 2;
        }

        var cluster = new ClusterScript(Path.GetFullPath(scriptPath));
        await Console.Error.WriteLineAsync($"failover: bash {cluster.Path} up");
        var (upCode, upLines) = await cluster.RunAsync(true, "up");
        // Brought down at the end only when this run started it: 'up' names what was already running.
        var startedCluster = !upLines.Any(l => l.StartsWith("already running:", StringComparison.Ordinal));
        if (upCode != 0)
        {
            await Console.Error.WriteLineAsync($"failover: 'up' failed with {upCode}");
            if (startedCluster)
            {
                await cluster.RunAsync(true, "down");
            }

            return 1;
        }

        var url = upLines.LastOrDefault(l => l.Length > 0) ?? "";
        var ws = Endpoints.WebSocket(url, "/ws");
        string? killedNotRestarted = null;
        var results = new List<TrialResult>();
        var siloCount = 0;
        var membership = MembershipSettings.FromThisEnvironment();
        try
        {
            var silos = (await cluster.StatusAsync()).Where(n => n.Name.StartsWith("silo-", StringComparison.Ordinal)).ToList();
            siloCount = silos.Count;
            await Console.Error.WriteLineAsync($"failover: balancer {url} ({ws}); {siloCount} silos; membership {membership.Text}; " +
                                               $"{o.Trials} trials of {o.Games} games");
            for (var trial = 1; trial <= o.Trials && !cancel.IsCancellationRequested; trial++)
            {
                var victim = $"silo-{(trial - 1) % siloCount + 1}";
                var result = await TrialAsync(cluster, ws, o, trial, victim, siloCount, n => killedNotRestarted = n, cancel);
                results.Add(result);
                FailoverReport.PrintTrial(result);
                await cluster.RunCheckedAsync(true, "start", victim);
                killedNotRestarted = null;
            }
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("failover: interrupted");
        }
        finally
        {
            if (killedNotRestarted is not null && !startedCluster)
            {
                await cluster.RunAsync(true, "start", killedNotRestarted);
            }

            if (startedCluster)
            {
                await Console.Error.WriteLineAsync("failover: this run started the cluster; bringing it down");
                await cluster.RunAsync(true, "down");
            }
            else
            {
                await Console.Error.WriteLineAsync("failover: the cluster was already running; leaving it up");
            }
        }

        FailoverReport.Print(results, siloCount, membership, o, url);
        return results.Count == o.Trials && results.All(r => r.Affected.All(a => a.Answered)) ? 0 : 1;
    }

    private static async Task<TrialResult> TrialAsync(ClusterScript cluster, Uri ws, FailoverOptions o, int trial, string victim, int siloCount,
        Action<string> killed, CancellationToken cancel)
    {
        // Every silo up, and every silo's view holding all of them.
        var nodes = await SiloProbes.WaitForSilosAsync(cluster, siloCount, cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), cancel); // let the gateways settle on every silo

        var random = new Random(trial);
        var games = Enumerable.Range(0, o.Games).Select(_ => new FailoverGame(ws, new Random(random.Next()), TimeSpan.FromSeconds(o.Timeout))).ToList();
        try
        {
            await Parallel.ForEachAsync(games, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel },
                async (g, ct) => await g.SetupAsync(o.Moves, ct));

            // Where each game lives, as the silos say (GET /games: the game grains active on each, right now).
            var victimNode = nodes.Single(n => n.Line.Name == victim);
            var hosts = await SiloProbes.GamesBySiloAsync(nodes, cancel);
            var ids = games.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
            var onVictim = hosts[victim].Where(ids.Contains).ToHashSet(StringComparer.Ordinal);
            var listings = hosts.Values.SelectMany(h => h.Where(ids.Contains)).GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var placement = new GamePlacement(ids.Count(id => !listings.ContainsKey(id)), listings.Count(l => l.Value > 1));
            await Console.Error.WriteLineAsync($"trial {trial}: {games.Count} games set up ({o.Moves} moves each); " +
                                               $"{onVictim.Count} hosted by {victim} ({victimNode.NodeId}) by its GET /games" +
                                               (placement.Unlisted > 0 ? $"; {placement.Unlisted} listed by no silo" : "") +
                                               (placement.ListedTwice > 0 ? $"; {placement.ListedTwice} listed by more than one silo" : "") +
                                               "; killing it");

            // Every game's next move waits for the death (seen in /proc), then goes at once.
            var death = SiloProbes.WatchDeath(victimNode.Line.Pid!.Value, TimeSpan.FromSeconds(15));
            var moves = games.Select(g => g.MoveAfterDeathAsync(death)).ToList();
            var killClock = Stopwatch.StartNew();
            killed(victim);
            await cluster.RunCheckedAsync(true, "kill", victim);
            var killMs = killClock.Elapsed.TotalMilliseconds;
            var outcomes = await Task.WhenAll(moves);

            var byGame = games.Zip(outcomes).ToList();
            return new TrialResult(trial, victim, victimNode.NodeId, games.Count,
                byGame.Where(p => onVictim.Contains(p.First.Id)).Select(p => p.Second).ToList(),
                byGame.Where(p => !onVictim.Contains(p.First.Id)).Select(p => p.Second).ToList(),
                killMs, placement);
        }
        finally
        {
            await Task.WhenAll(games.Select(g => g.CloseAsync()));
        }
    }
}
