using System.Globalization;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>The figures of a broadcast run.</summary>
internal sealed record BroadcastReport(
    BroadcastOptions Options,
    IReadOnlyList<Uri> Uris,
    int Sources,
    int Watching,
    int[] WatchingPerServer,
    SortedDictionary<string, int> ConnectFailures,
    double ConnectSeconds,
    double SettleSeconds,
    int Games,
    int Moves,
    double PlaySeconds,
    int Rewatched,
    double RewatchSettleSeconds,
    SortedDictionary<string, int> RewatchFailures,
    LatencySummary Latency,
    int MissedSpectators,
    int MissedEvents,
    int MissedSpectatorsLost,
    int DuplicatedSpectators,
    int DuplicateEvents,
    int UnknownMoveEvents,
    int ExtraSnapshots,
    SortedDictionary<int, int> MissedByMove,
    SortedDictionary<int, (int Count, double MinMs, double MaxMs)> ResyncsByMovesSent,
    long SpectatorCountEvents,
    int OverEvents,
    int UnsolicitedErrors,
    SortedDictionary<string, int> Lost,
    LatencySummary Played,
    int Resends,
    SortedDictionary<string, int> PlayerErrors,
    string? Fatal)
{
    /// <summary>Every spectator asked for was watching and kept its connection, the players played, and nothing stopped them.</summary>
    public bool Complete => Watching == Options.Spectators && Lost.Count == 0 && Moves > 0 && Fatal is null;

    public static BroadcastReport From(
        BroadcastOptions o, IReadOnlyList<Uri> uris, int sources, Spectator[] watching, IDictionary<string, int> connectFailures,
        double connectSeconds, double settleSeconds, MoveLog log, Players players, double playSeconds, int rewatched, double rewatchSettleSeconds, IDictionary<string, int> rewatchFailures, string? fatal)
    {
        var latencies = new List<double>();
        int missedSpectators = 0, missedEvents = 0, missedLost = 0, duplicatedSpectators = 0, duplicateEvents = 0;
        foreach (var s in watching)
        {
            s.Seen.AddLatencies(latencies);
            var missing = s.Seen.Missing().Count();
            if (missing > 0)
            {
                missedSpectators++;
                missedEvents += missing;
                missedLost += s.Lost is null ? 0 : 1;
            }

            if (s.Seen.Duplicates > 0)
            {
                duplicatedSpectators++;
                duplicateEvents += s.Seen.Duplicates;
            }
        }

        var missedByMove = new SortedDictionary<int, int>();
        foreach (var m in watching.SelectMany(s => s.Seen.Missing()))
        {
            missedByMove[m] = missedByMove.GetValueOrDefault(m) + 1;
        }

        var resyncs = new SortedDictionary<int, (int Count, double MinMs, double MaxMs)>();
        foreach (var group in watching.SelectMany(s => s.Resyncs).GroupBy(r => r.MovesSent))
        {
            resyncs[group.Key] = (group.Count(), group.Min(r => r.MsAfterLastSend), group.Max(r => r.MsAfterLastSend));
        }

        var perServer = new int[uris.Count];
        foreach (var s in watching)
        {
            perServer[s.Server]++;
        }

        return new BroadcastReport(
            o, uris, sources, watching.Length, perServer, Sorted(connectFailures), connectSeconds, settleSeconds,
            log.Games.Count, log.Games.Sum(g => g.Played), playSeconds, rewatched, rewatchSettleSeconds, Sorted(rewatchFailures),
            LatencySummary.OfMilliseconds(latencies), missedSpectators, missedEvents, missedLost, duplicatedSpectators, duplicateEvents,
            watching.Sum(s => s.UnknownMoveEvents),
            watching.Sum(s => s.Resyncs.Count),
            missedByMove,
            resyncs,
            watching.Sum(s => (long)s.SpectatorCountEvents),
            watching.Sum(s => s.OverEvents),
            watching.Sum(s => s.UnsolicitedErrors),
            Sorted(watching.Where(s => s.Lost is not null).GroupBy(s => s.Lost!).ToDictionary(g => g.Key, g => g.Count())),
            LatencySummary.OfMilliseconds(players.PlayedMs), players.Resends, players.Errors, fatal);
    }

    private static SortedDictionary<string, int> Sorted(IDictionary<string, int> counts) => new(counts, StringComparer.Ordinal);

    private static string Counts(SortedDictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public void Print(TextWriter output)
    {
        var o = Options;
        var failed = ConnectFailures.Values.Sum();
        output.WriteLine($"broadcast report ({string.Join(", ", Uris.Select(u => u.ToString()))}; players on {Uris[0]})");
        output.WriteLine($"  spectators       {Watching} watching of {o.Spectators}" +
                         (Uris.Count > 1 ? $" ({string.Join(", ", WatchingPerServer.Select((n, i) => $"{n} on {Uris[i].Authority}"))})" : "") +
                         $", {failed} failed{(failed > 0 ? ": " + Counts(ConnectFailures) : "")}; connected in {N(ConnectSeconds, "0.0")} s, " +
                         $"{SourceAddresses.Describe(Sources)}, {o.Concurrency} at once; " +
                         $"then {N(SettleSeconds, "0.0")} s until no spectators-count event came for 0.5 s");
        output.WriteLine($"  moves            {Moves} in {Games} game{(Games == 1 ? "" : "s")}, {N(Moves / Math.Max(PlaySeconds, 1e-9), "0.00")}/s over {N(PlaySeconds, "0.0")} s " +
                         $"(asked {N(o.Rate, "0.##")}/s for {N(o.Seconds, "0.##")} s)" +
                         (Games > 1 ? $"; re-watches of the new games {Rewatched}, failed {RewatchFailures.Values.Sum()}" +
                                      (RewatchFailures.Count > 0 ? $" ({Counts(RewatchFailures)})" : "") +
                                      $", then {N(RewatchSettleSeconds, "0.0")} s in all for their spectators-count events to die down (no moves meanwhile)" : ""));
        output.WriteLine($"  latency          play sent to move event at a spectator, every spectator and move (ms): {Latency.Text()}");
        output.WriteLine($"  missed           {MissedSpectators} spectators missed a move ({MissedEvents} move events never came within {N(o.Grace, "0.##")} s of the last move" +
                         (MissedSpectatorsLost > 0 ? $"; {MissedSpectatorsLost} of those spectators lost their connection" : "") + ")");
        if (MissedByMove.Count > 0)
        {
            output.WriteLine($"    by move        {MissedRanges()} (the run's moves numbered from 1 across its games: spectators missing each)");
        }

        output.WriteLine($"  duplicated       {DuplicatedSpectators} spectators got a move twice ({DuplicateEvents} extra move events)");
        output.WriteLine($"  other events     {SpectatorCountEvents} spectators-count events ({N(SpectatorCountEvents / (double)Math.Max(1, Watching), "0.0")} a spectator), " +
                         $"{OverEvents} over, {ExtraSnapshots} unprompted game snapshots (resyncs), {UnknownMoveEvents} move events of no game of this run, " +
                         $"{UnsolicitedErrors} unsolicited errors");
        if (ResyncsByMovesSent.Count > 0)
        {
            output.WriteLine($"    resyncs        {string.Join(", ", ResyncsByMovesSent.Take(12).Select(r => $"{r.Value.Count} with {r.Key} moves sent " +
                                                                                                           $"({N(r.Value.MinMs, "0")} to {N(r.Value.MaxMs, "0")} ms after the last)"))}" +
                             $"{(ResyncsByMovesSent.Count > 12 ? ", ..." : "")}");
        }
        output.WriteLine($"  connections lost {Lost.Values.Sum()}{(Lost.Count > 0 ? " (" + Counts(Lost) + ")" : "")}");
        output.WriteLine($"  players          played reply (ms): {Played.Text()}; resends {Resends}; errors {PlayerErrors.Values.Sum()}" +
                         (PlayerErrors.Count > 0 ? $" ({Counts(PlayerErrors)})" : ""));
        if (Fatal is not null)
        {
            output.WriteLine($"  STOPPED          {Fatal}");
        }

        if (o.Json)
        {
            output.WriteLine(Json());
        }
    }

    /// <summary>The missed moves as runs of consecutive moves missed by as many spectators: "moves 32-57: 1000, move 60: 3".</summary>
    private string MissedRanges()
    {
        var ranges = new List<string>();
        int? first = null, last = null, count = null;
        foreach (var (move, n) in MissedByMove.Append(new KeyValuePair<int, int>(int.MaxValue, -1)))
        {
            if (first is not null && (move != last + 1 || n != count))
            {
                ranges.Add(first == last ? $"move {first + 1}: {count}" : $"moves {first + 1}-{last + 1}: {count}");
                first = null;
            }

            first ??= move;
            last = move;
            count = n;
        }

        return string.Join(", ", ranges.Take(20)) + (ranges.Count > 20 ? ", ..." : "");
    }

    /// <summary>{"spectators":N,"moves":M,"latencyMs":{"p50":..,"p99":..,"max":..},"missed":K,"duplicated":D}</summary>
    public string Json() => JsonReport.Line(new
    {
        spectators = Watching,
        moves = Moves,
        latencyMs = new { p50 = Ms(Latency.P50), p99 = Ms(Latency.P99), max = Ms(Latency.Max) },
        missed = MissedSpectators,
        duplicated = DuplicatedSpectators,
    });

    private static double Ms(double ms) => Math.Round(ms, 2, MidpointRounding.AwayFromZero);
}
