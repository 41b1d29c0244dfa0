using Connect4.Bench.Common;

namespace Connect4.Bench.Failover;

/// <summary>One trial: the silo killed, and what became of the next move of the games it hosted and of the others.</summary>
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

/// <summary>The failover report: a line per trial on stderr as it ends, then the report on stdout.</summary>
internal static class FailoverReport
{
    public static void PrintTrial(TrialResult r)
    {
        var s = r.Summary;
        var failed = r.Affected.Where(a => !a.Answered).ToList();
        Console.Error.WriteLine(
            $"trial {r.Trial}: {r.Silo} killed; {r.Affected.Count} affected games, {s.Count} answered" +
            (s.Count > 0 ? $" in mean {LatencySummary.F(s.Mean)} ms, p50 {LatencySummary.F(s.P50)}, max {LatencySummary.F(s.Max)}" : "") +
            (failed.Count > 0 ? $"; failed: {string.Join("; ", failed.Select(f => $"{f.GameId} {f.Failure}"))}" : ""));
    }

    public static void Print(List<TrialResult> results, int siloCount, MembershipSettings membership, FailoverOptions o, string url)
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

        output.WriteLine(JsonReport.Line(new
        {
            balancer = url,
            silos = siloCount,
            membership = membership.Json(),
            gamesPerTrial = o.Games,
            trialCount = results.Count,
            trials = results.Select(r => new
            {
                trial = r.Trial,
                silo = r.Silo,
                nodeId = r.NodeId,
                affected = r.Affected.Count,
                answered = r.Summary.Count,
                failed = r.Affected.Count(a => !a.Answered),
                deathToAnswerMs = DeathToAnswer(r.Summary),
                unavailableReplies = r.Affected.Sum(a => a.Unavailable),
                unaffectedMaxMs = Math.Round(r.ControlSummary.Max, 2),
            }),
            affected = all.Count,
            answered = overall.Count,
            deathToAnswerMs = DeathToAnswer(overall),
        }));
    }

    private static object DeathToAnswer(LatencySummary s) => new { mean = Math.Round(s.Mean, 2), p50 = Math.Round(s.P50, 2), max = Math.Round(s.Max, 2) };
}
