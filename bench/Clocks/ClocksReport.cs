using Connect4.Bench.Common;

namespace Connect4.Bench.Clocks;

/// <summary>The clocks report: the delay from each deadline to its <c>over</c>, for every game and, with a kill, for the victim's games apart.</summary>
internal static class ClocksReport
{
    public static void Print(ClocksOptions o, string url, List<ClockOutcome> outcomes, ClockVictim? victim)
    {
        var ended = outcomes.Where(r => r.DelayMs is not null).ToList();
        var all = LatencySummary.OfMilliseconds(ended.Select(r => r.DelayMs!.Value));
        var onVictim = victim is null ? null : LatencySummary.OfMilliseconds(ended.Where(r => victim.Games.Contains(r.GameId)).Select(r => r.DelayMs!.Value));
        var others = victim is null ? null : LatencySummary.OfMilliseconds(ended.Where(r => !victim.Games.Contains(r.GameId)).Select(r => r.DelayMs!.Value));
        var wrong = ended.Where(r => r.Result != "yellow" || r.Reason != "timeout").ToList();
        var failed = outcomes.Where(r => r.Failure is not null).ToList();

        var output = Console.Out;
        output.WriteLine($"clocks report ({url}): {o.Games} games on {o.Initial}+0 clocks, nobody moving");
        output.WriteLine("  deadline to 'over': from the snapshot's clock 'at' plus red's time left, to the arrival of 'over' at red (ms)");
        output.WriteLine($"  all games:          {all.Text()}");
        if (victim is not null)
        {
            output.WriteLine($"  {victim.Silo} SIGKILLed {victim.MsBeforeDeadline:0} ms before the earliest deadline of the {victim.Games.Count} games it hosted");
            output.WriteLine($"  its games:          {onVictim!.Text()}");
            output.WriteLine($"  the others:         {others!.Text()}");
        }

        output.WriteLine($"  ended otherwise than yellow by timeout: {wrong.Count}{(wrong.Count > 0 ? ": " + string.Join(", ", wrong.Take(5).Select(w => $"{w.GameId} {w.Result} {w.Reason}")) : "")}");
        output.WriteLine($"  failed: {failed.Count}{(failed.Count > 0 ? ": " + string.Join("; ", failed.Take(5).Select(f => $"{f.GameId} {f.Failure}")) : "")}");
        if (o.Json)
        {
            output.WriteLine(JsonReport.Line(new
            {
                games = o.Games,
                initial = o.Initial,
                delay = all.Json(),
                killed = victim is null ? null : new { silo = victim.Silo, games = victim.Games.Count, msBeforeDeadline = Math.Round(victim.MsBeforeDeadline), delay = onVictim!.Json(), others = others!.Json() },
                wrong = wrong.Count,
                failed = failed.Count,
            }));
        }
    }
}
