using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Connect4.Bench.Common;
using Connect4.Bench.Load;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Connect4.Bench.Failover;

internal sealed record FailoverOptions(string? Script, int Trials, int Games, bool Json, int Moves, double Timeout);

internal static class FailoverCommand
{
    public static Command Create()
    {
        var script = new Option<string?>("--script") { Description = "Path to cluster.sh (default: scripts/cluster.sh under the repository root, found by walking up to Connect4.sln)." };
        var trials = LoadCommand.Bounded(new Option<int>("--trials") { Description = "Trials; each kills the next silo (silo-1, silo-2, silo-3, silo-1, ...).", DefaultValueFactory = _ => 5 }, 1, 100);
        var games = LoadCommand.Bounded(new Option<int>("--games") { Description = "Games started through the balancer for each trial.", DefaultValueFactory = _ => 20 }, 1, 1000);
        var json = new Option<bool>("--json") { Description = "Also print the results as one JSON object on the last line." };
        var moves = LoadCommand.Bounded(new Option<int>("--moves") { Description = "Moves played in each game before the kill (a game cannot end within 6).", DefaultValueFactory = _ => 4 }, 0, 6);
        var timeout = LoadCommand.Bounded(new Option<double>("--timeout") { Description = "Seconds a game may take to answer after the kill before it counts as failed.", DefaultValueFactory = _ => 60 }, 1, 600);
        var command = new Command("failover", "On the local cluster of scripts/cluster.sh (started with 'up' when needed, and brought down after " +
                                              "only then): for each trial, starts games through the balancer, asks each silo which games it hosts " +
                                              "(GET /games), SIGKILLs a silo, and measures for the games it hosted the time from its death to the played reply of their next move (resent every 100 ms while " +
                                              "unavailable); then starts the silo again.")
        {
            script, trials, games, json, moves, timeout,
        };
        command.SetAction((parse, cancel) => FailoverRun.RunAsync(new FailoverOptions(
            parse.GetValue(script), parse.GetValue(trials), parse.GetValue(games), parse.GetValue(json), parse.GetValue(moves),
            parse.GetValue(timeout)), cancel));
        return command;
    }
}

internal sealed record TrialResult(
    int Trial, string Silo, string NodeId, int Games, List<MoveAfterDeath> Affected, List<MoveAfterDeath> Unaffected, double KillScriptMs, GamePlacement Placement)
{
    public LatencySummary Summary => LatencySummary.OfMilliseconds(Affected.Where(a => a.Answered).Select(a => a.MsFromDeath));

    public LatencySummary ControlSummary => LatencySummary.OfMilliseconds(Unaffected.Where(a => a.Answered).Select(a => a.MsFromDeath));
}

/// <summary>
/// Where the games of a trial were just before the kill, by the silos' own <c>GET /games</c>: those not listed by any
/// silo (<see cref="Unlisted"/>) or listed by more than one (<see cref="ListedTwice"/>) count with the unaffected ones.
/// </summary>
internal sealed record GamePlacement(int Unlisted, int ListedTwice);

/// <summary>
/// The silos' failure detection settings (Orleans' <see cref="ClusterMembershipOptions"/>), as the silos that
/// cluster.sh starts get them: the project's tuning (<see cref="OrleansTuning"/>) with this process's environment over
/// it, which those silos inherit (<c>Orleans__Membership__ProbeTimeout</c> and the others).
/// </summary>
internal sealed record MembershipSettings(TimeSpan ProbeTimeout, int NumMissedProbesLimit, int NumVotesForDeathDeclaration, IReadOnlyList<string> FromEnvironment)
{
    private static readonly string[] Names =
    [
        nameof(ClusterMembershipOptions.ProbeTimeout), nameof(ClusterMembershipOptions.NumMissedProbesLimit),
        nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration),
    ];

    public static MembershipSettings FromThisEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        OrleansTuning.ConfigureSilo(services, configuration);
        using var provider = services.BuildServiceProvider();
        var o = provider.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        var membership = configuration.GetSection(OrleansTuning.SectionName).GetSection("Membership");
        return new MembershipSettings(o.ProbeTimeout, o.NumMissedProbesLimit, o.NumVotesForDeathDeclaration,
            Names.Where(n => membership[n] is not null).Select(n => $"{OrleansTuning.SectionName}__Membership__{n}").ToList());
    }

    public string Text =>
        $"ProbeTimeout {ProbeTimeout.TotalSeconds:0.###} s, NumMissedProbesLimit {NumMissedProbesLimit}, NumVotesForDeathDeclaration {NumVotesForDeathDeclaration} " +
        (FromEnvironment.Count == 0 ? "(the project's defaults)" : $"({string.Join(", ", FromEnvironment)} from the environment)");

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("membership");
        w.WriteNumber("probeTimeoutMs", ProbeTimeout.TotalMilliseconds);
        w.WriteNumber("numMissedProbesLimit", NumMissedProbesLimit);
        w.WriteNumber("numVotesForDeathDeclaration", NumVotesForDeathDeclaration);
        w.WriteEndObject();
    }
}

/// <summary>The <c>failover</c> subcommand.</summary>
internal static class FailoverRun
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public static async Task<int> RunAsync(FailoverOptions o, CancellationToken cancel)
    {
        var root = FindRepositoryRoot();
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
                PrintTrial(result);
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

        Report(results, siloCount, membership, o, url);
        return results.Count == o.Trials && results.All(r => r.Affected.All(a => a.Answered)) ? 0 : 1;
    }

    private static async Task<TrialResult> TrialAsync(ClusterScript cluster, Uri ws, FailoverOptions o, int trial, string victim, int siloCount,
        Action<string> killed, CancellationToken cancel)
    {
        // Every silo up, and every silo's view holding all of them.
        var nodes = await WaitForSilosAsync(cluster, siloCount, cancel);
        await Task.Delay(TimeSpan.FromSeconds(1), cancel); // let the gateways settle on every silo

        var random = new Random(trial);
        var games = Enumerable.Range(0, o.Games).Select(_ => new FailoverGame(ws, new Random(random.Next()))).ToList();
        try
        {
            await Parallel.ForEachAsync(games, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel },
                async (g, ct) => await g.SetupAsync(o.Moves, ct));

            // Where each game lives, as the silos say (GET /games: the game grains active on each, right now).
            var victimNode = nodes.Single(n => n.Line.Name == victim);
            var hosts = await GamesBySiloAsync(nodes, cancel);
            var ids = games.Select(g => g.GameId).ToHashSet(StringComparer.Ordinal);
            var onVictim = hosts[victim].Where(ids.Contains).ToHashSet(StringComparer.Ordinal);
            var listings = hosts.Values.SelectMany(h => h.Where(ids.Contains)).GroupBy(id => id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var placement = new GamePlacement(ids.Count(id => !listings.ContainsKey(id)), listings.Count(l => l.Value > 1));
            await Console.Error.WriteLineAsync($"trial {trial}: {games.Count} games set up ({o.Moves} moves each); " +
                                               $"{onVictim.Count} hosted by {victim} ({victimNode.NodeId}) by its GET /games" +
                                               (placement.Unlisted > 0 ? $"; {placement.Unlisted} listed by no silo" : "") +
                                               (placement.ListedTwice > 0 ? $"; {placement.ListedTwice} listed by more than one silo" : "") +
                                               "; killing it");

            // Every game's next move waits for the death (seen in /proc), then goes at once.
            var death = WatchDeath(victimNode.Line.Pid!.Value, TimeSpan.FromSeconds(15));
            var moves = games.Select(g => g.MoveAfterDeathAsync(death, TimeSpan.FromSeconds(o.Timeout))).ToList();
            var killClock = Stopwatch.StartNew();
            killed(victim);
            await cluster.RunCheckedAsync(true, "kill", victim);
            var killMs = killClock.Elapsed.TotalMilliseconds;
            var outcomes = await Task.WhenAll(moves);

            var byGame = games.Zip(outcomes).ToList();
            return new TrialResult(trial, victim, victimNode.NodeId, games.Count,
                byGame.Where(p => onVictim.Contains(p.First.GameId)).Select(p => p.Second).ToList(),
                byGame.Where(p => !onVictim.Contains(p.First.GameId)).Select(p => p.Second).ToList(),
                killMs, placement);
        }
        finally
        {
            await Task.WhenAll(games.Select(g => g.CloseAsync()));
        }
    }

    private sealed record Silo(NodeLine Line, string NodeId);

    private static async Task<List<Silo>> WaitForSilosAsync(ClusterScript cluster, int count, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = (await cluster.StatusAsync()).Where(n => n.Name.StartsWith("silo-", StringComparison.Ordinal)).ToList();
            var silos = new List<Silo>();
            foreach (var line in lines.Where(l => l.Running))
            {
                try
                {
                    using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{line.Port}/readyz", cancel));
                    var root = doc.RootElement;
                    if (root.GetProperty("ready").GetBoolean() && root.GetProperty("silos").GetInt32() == count)
                    {
                        silos.Add(new Silo(line, root.GetProperty("nodeId").GetString()!));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                }
            }

            if (silos.Count == count)
            {
                return silos;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"only {silos.Count} of {count} silos are ready with a full view after 90 s");
            }

            await Task.Delay(250, cancel);
        }
    }

    /// <summary>Each silo's <c>GET /games</c> on its HTTP port, by node name: the games active on it.</summary>
    private static async Task<Dictionary<string, List<string>>> GamesBySiloAsync(List<Silo> silos, CancellationToken cancel)
    {
        var hosts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            var uri = $"http://127.0.0.1:{silo.Line.Port}/games";
            try
            {
                using var doc = JsonDocument.Parse(await Http.GetStringAsync(uri, cancel));
                hosts[silo.Line.Name] = doc.RootElement.GetProperty("games").EnumerateArray().Select(g => g.GetString() ?? "").ToList();
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (e is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                throw new InvalidOperationException($"GET {uri} ({silo.Line.Name}) failed: {e.Message}", e);
            }
        }

        return hosts;
    }

    /// <summary>The Stopwatch timestamp at which the process ends (its /proc entry goes or turns zombie), polled every ~1 ms.</summary>
    private static Task<long> WatchDeath(int pid, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var stat = $"/proc/{pid}/stat";
            while (clock.Elapsed < timeout)
            {
                string? text;
                try
                {
                    text = File.ReadAllText(stat);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    text = null;
                }

                var state = text is null ? 'X' : text[(text.LastIndexOf(')') + 2)..].FirstOrDefault('X');
                if (state is 'X' or 'Z')
                {
                    done.TrySetResult(Stopwatch.GetTimestamp());
                    return;
                }

                Thread.Sleep(1);
            }

            done.TrySetException(new TimeoutException($"process {pid} still alive after {timeout.TotalSeconds} s"));
        })
        {
            IsBackground = true,
            Name = "death watch",
        };
        thread.Start();
        return done.Task;
    }

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Connect4.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static void PrintTrial(TrialResult r)
    {
        var s = r.Summary;
        var failed = r.Affected.Where(a => !a.Answered).ToList();
        Console.Error.WriteLine(
            $"trial {r.Trial}: {r.Silo} killed; {r.Affected.Count} affected games, {s.Count} answered" +
            (s.Count > 0 ? $" in mean {LatencySummary.F(s.Mean)} ms, p50 {LatencySummary.F(s.P50)}, max {LatencySummary.F(s.Max)}" : "") +
            (failed.Count > 0 ? $"; failed: {string.Join("; ", failed.Select(f => $"{f.GameId} {f.Failure}"))}" : ""));
    }

    private static void Report(List<TrialResult> results, int siloCount, MembershipSettings membership, FailoverOptions o, string url)
    {
        var all = results.SelectMany(r => r.Affected).ToList();
        var overall = LatencySummary.OfMilliseconds(all.Where(a => a.Answered).Select(a => a.MsFromDeath));
        var control = LatencySummary.OfMilliseconds(results.SelectMany(r => r.Unaffected).Where(a => a.Answered).Select(a => a.MsFromDeath));
        var output = Console.Out;
        output.WriteLine($"failover report ({url}): {siloCount} silos, membership {membership.Text}; {results.Count} trials of {o.Games} games, {o.Moves} moves before each kill");
        output.WriteLine("  death to answering: from the end of the silo process (its /proc entry, polled every ~1 ms) to the played reply of the game's next move");
        foreach (var r in results)
        {
            var s = r.Summary;
            var failed = r.Affected.Count(a => !a.Answered);
            var unavailable = r.Affected.Sum(a => a.Unavailable);
            var others = r.Affected.Concat(r.Unaffected).SelectMany(a => a.OtherErrors).GroupBy(e => e.Key).Select(g => $"{g.Key} {g.Sum(e => e.Value)}").ToList();
            output.WriteLine(
                $"  trial {r.Trial}  killed {r.Silo,-7} affected {r.Affected.Count,3}  answered {s.Count,3}  mean {LatencySummary.F(s.Mean),9} ms  " +
                $"p50 {LatencySummary.F(s.P50),9} ms  max {LatencySummary.F(s.Max),9} ms  unavailable replies {unavailable}" +
                (others.Count > 0 ? $"  other errors: {string.Join(", ", others)}" : "") +
                (failed > 0 ? $"  FAILED {failed}: {string.Join("; ", r.Affected.Where(a => !a.Answered).Select(a => a.Failure).Distinct())}" : "") +
                $"  | unaffected games: max {LatencySummary.F(r.ControlSummary.Max)} ms  | kill script took {r.KillScriptMs:0} ms" +
                (r.Placement.Unlisted > 0 ? $"  | {r.Placement.Unlisted} games listed by no silo" : "") +
                (r.Placement.ListedTwice > 0 ? $"  | {r.Placement.ListedTwice} games listed by two silos" : ""));
        }

        output.WriteLine(
            $"  overall  affected {all.Count}  answered {overall.Count}  mean {LatencySummary.F(overall.Mean)} ms  p50 {LatencySummary.F(overall.P50)} ms  " +
            $"max {LatencySummary.F(overall.Max)} ms; unaffected games (control, {control.Count}): p50 {LatencySummary.F(control.P50)} ms, max {LatencySummary.F(control.Max)} ms");
        if (!o.Json)
        {
            return;
        }

        output.WriteLine(ReportParts.JsonObject(w =>
        {
            w.WriteString("balancer", url);
            w.WriteNumber("silos", siloCount);
            membership.Write(w);
            w.WriteNumber("gamesPerTrial", o.Games);
            w.WriteNumber("trialCount", results.Count);
            w.WriteStartArray("trials");
            foreach (var r in results)
            {
                var s = r.Summary;
                w.WriteStartObject();
                w.WriteNumber("trial", r.Trial);
                w.WriteString("silo", r.Silo);
                w.WriteString("nodeId", r.NodeId);
                w.WriteNumber("affected", r.Affected.Count);
                w.WriteNumber("answered", s.Count);
                w.WriteNumber("failed", r.Affected.Count(a => !a.Answered));
                w.WriteStartObject("deathToAnswerMs");
                w.WriteNumber("mean", Math.Round(s.Mean, 2));
                w.WriteNumber("p50", Math.Round(s.P50, 2));
                w.WriteNumber("max", Math.Round(s.Max, 2));
                w.WriteEndObject();
                w.WriteNumber("unavailableReplies", r.Affected.Sum(a => a.Unavailable));
                w.WriteNumber("unaffectedMaxMs", Math.Round(r.ControlSummary.Max, 2));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("affected", all.Count);
            w.WriteNumber("answered", overall.Count);
            w.WriteStartObject("deathToAnswerMs");
            w.WriteNumber("mean", Math.Round(overall.Mean, 2));
            w.WriteNumber("p50", Math.Round(overall.P50, 2));
            w.WriteNumber("max", Math.Round(overall.Max, 2));
            w.WriteEndObject();
        }));
    }
}
