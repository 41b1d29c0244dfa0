using System.Diagnostics;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>
/// The <c>load</c> subcommand: connects the games' sockets, starts the clock, plays for the warm-up and the measured
/// seconds, prints a progress line a second to stderr, then closes every socket and prints the report to stdout.
/// Numbers are formatted with the invariant culture (the repository sets InvariantGlobalization).
/// </summary>
internal static class LoadRun
{
    public static async Task<int> RunAsync(LoadOptions o, CancellationToken cancel)
    {
        var endpoint = o.Protocol == Protocol.Native ? "/ws" : "/";
        var uris = o.Urls.Select(u => Endpoints.WebSocket(u, endpoint)).ToArray();
        var ctx = new LoadContext(o);
        var games = Enumerable.Range(0, o.Games)
            .Select(i => o.Protocol == Protocol.Native ? (LoadGame)new NativeGame(ctx, i, uris) : new TutorialGame(ctx, i, uris))
            .ToArray();

        var perGame = 2 + o.Spectators;
        Console.Error.WriteLine($"load: {o.Games} games x {perGame} sockets, {o.Protocol.ToString().ToLowerInvariant()} protocol, " +
                                $"{string.Join(", ", uris.Select(u => u.ToString()))}; warm-up {o.Warmup}s, measured {o.Seconds}s, " +
                                $"rate {(o.Rate > 0 ? $"{o.Rate}/s" : "as fast as answered")}, per-connection cap " +
                                $"{(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");

        var labels = new RunLabels("load", "moves/s", "a move", o.Protocol == Protocol.Native ? "connected and welcomed" : null, ShowGames: true);
        var run = await DriveAsync(ctx, games, labels, cancel);
        if (run is null)
        {
            return 130;
        }

        var logs = run.Logs;
        var report = new LoadReport(
            o,
            uris,
            run.Seconds,
            ctx.GamesMeasured,
            ctx.GamesTotal,
            ctx.MovesMeasured,
            ctx.MovesTotal,
            run.Seconds > 0 ? ctx.MovesMeasured / run.Seconds : 0,
            LatencySummary.Of(logs.Select(l => l.Played)),
            LatencySummary.Of(logs.Select(l => l.Opponent)),
            o.Spectators > 0 ? LatencySummary.Of(logs.Select(l => l.Spectator)) : null,
            ctx.ErrorsTotal,
            run.ErrorsByCode,
            run.Held,
            ctx.PeakConnections,
            ctx.ConnectionsOpened);
        report.Print(Console.Out);
        return cancel.IsCancellationRequested ? 130 : 0;
    }

    /// <summary>
    /// Runs prepared games the way <c>load</c> does, for <c>load</c> and <c>baseline</c>: connects them (their
    /// <see cref="LoadGame.PrepareAsync"/>), starts the clock, plays the warm-up and the measured seconds with the progress
    /// line and the watchdog, then closes every socket. Null when cancelled while connecting (the sockets are closed).
    /// </summary>
    internal static async Task<RunMeasure?> DriveAsync(LoadContext ctx, LoadGame[] games, RunLabels labels, CancellationToken cancel)
    {
        var o = ctx.Options;
        // Connections first (native: with hello), so the warm-up does not have to absorb them.
        var connecting = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(games, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancel },
                async (g, ct) => await g.PrepareAsync(ct));
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(games.Select(g => g.CloseAsync()));
            return null;
        }

        if (labels.Connected is not null)
        {
            Console.Error.WriteLine($"{labels.Name}: {Volatile.Read(ref ctx.OpenConnections)} sockets {labels.Connected} in {connecting.Elapsed.TotalSeconds:0.00}s");
        }

        ctx.StartClock();
        // Drivers stop starting moves at the end; a move still unanswered 2 s later is abandoned.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stop.CancelAfter(TimeSpan.FromSeconds(o.Warmup + o.Seconds + 2));
        using var monitorStop = new CancellationTokenSource();
        var monitor = MonitorAsync(ctx, games, labels, monitorStop.Token);
        await Task.WhenAll(games.Select(g => g.RunAsync(stop.Token)));
        var measuredEnd = Math.Min(Stopwatch.GetTimestamp(), ctx.End);
        await monitorStop.CancelAsync();
        await monitor;
        var held = ctx.ConnectionsAtEnd >= 0 ? ctx.ConnectionsAtEnd : Volatile.Read(ref ctx.OpenConnections);

        var allocated = GC.GetTotalAllocatedBytes();
        Console.Error.WriteLine($"{labels.Name}: the client allocated {allocated / 1048576.0:0.0} MiB in all ({(ctx.MovesTotal > 0 ? allocated / ctx.MovesTotal : 0)} bytes {labels.Each}), " +
                                $"{GC.CollectionCount(0)} gen0 / {GC.CollectionCount(1)} gen1 / {GC.CollectionCount(2)} gen2 collections");
        var closing = Stopwatch.StartNew();
        await Task.WhenAll(games.Select(g => g.CloseAsync()));
        Console.Error.WriteLine($"{labels.Name}: closed every socket in {closing.Elapsed.TotalSeconds:0.00}s ({Volatile.Read(ref ctx.OpenConnections)} still counted open)");

        return new RunMeasure(
            Math.Max(0, (double)(measuredEnd - ctx.MeasureStart) / Stopwatch.Frequency),
            held,
            games.SelectMany(g => g.SeatLogs).ToList(),
            new SortedDictionary<string, long>(ctx.ErrorsByCode.ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal));
    }

    /// <summary>The progress line (stderr, once a second) and the watchdog of waits (every 100 ms).</summary>
    private static async Task MonitorAsync(LoadContext ctx, LoadGame[] games, RunLabels labels, CancellationToken cancel)
    {
        var timeoutTicks = (long)(ctx.MoveTimeout.TotalSeconds * Stopwatch.Frequency);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var ticks = 0;
        long lastMoves = 0;
        var lastTime = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(cancel))
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= ctx.End && ctx.ConnectionsAtEnd < 0)
                {
                    ctx.ConnectionsAtEnd = Volatile.Read(ref ctx.OpenConnections);
                }

                foreach (var g in games)
                {
                    g.CheckTimeout(now, timeoutTicks);
                }

                if (++ticks % 10 != 0)
                {
                    continue;
                }

                var moves = Volatile.Read(ref ctx.MovesTotal);
                var rate = (moves - lastMoves) / ((double)(now - lastTime) / Stopwatch.Frequency);
                lastMoves = moves;
                lastTime = now;
                var elapsed = (double)(now - ctx.Start) / Stopwatch.Frequency;
                var phase = now < ctx.MeasureStart ? "warm-up" : now < ctx.End ? "measure" : "ending";
                var finished = labels.ShowGames ? $"games finished {Volatile.Read(ref ctx.GamesTotal)}  " : "";
                Console.Error.WriteLine(
                    $"[{elapsed,6:0.0}s {phase}] {finished}{labels.Rate} {rate:0}  " +
                    $"errors {Volatile.Read(ref ctx.ErrorsTotal)}  connections {Volatile.Read(ref ctx.OpenConnections)}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>How <see cref="LoadRun.DriveAsync"/> names things on stderr: the command, the rate's unit, what the
/// allocation is counted per, the word after "N sockets" once connected (null: no such line), and whether the
/// progress line counts finished games.</summary>
internal sealed record RunLabels(string Name, string Rate, string Each, string? Connected, bool ShowGames);

/// <summary>What <see cref="LoadRun.DriveAsync"/> measured: the measured seconds, the connections open at their end,
/// every seat's latencies and the errors by code (whole run).</summary>
internal sealed record RunMeasure(double Seconds, int Held, IReadOnlyList<SeatLog> Logs, SortedDictionary<string, long> ErrorsByCode);

internal sealed record LoadReport(
    LoadOptions Options,
    Uri[] Endpoints,
    double Seconds,
    long Games,
    long GamesIncludingWarmup,
    long Moves,
    long MovesIncludingWarmup,
    double MovesPerSecond,
    LatencySummary Played,
    LatencySummary Opponent,
    LatencySummary? Spectator,
    long Errors,
    SortedDictionary<string, long> ErrorsByCode,
    int Connections,
    int PeakConnections,
    long ConnectionsOpened)
{
    public void Print(TextWriter output)
    {
        var o = Options;
        var native = o.Protocol == Protocol.Native;
        var playedName = native ? "mover's send to its played reply" : "mover's send to its own play event";
        var opponentName = native ? "mover's send to the opponent's move event" : "mover's send to the opponent's play event";
        output.WriteLine($"load report ({o.Protocol.ToString().ToLowerInvariant()} protocol, {string.Join(", ", Endpoints.Select(u => u.ToString()))})");
        output.WriteLine($"  games            {o.Games} concurrent, {o.Spectators} spectators each; rate " +
                         $"{(o.Rate > 0 ? $"{o.Rate}/s total" : "as fast as answered")}, per-connection cap {(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");
        output.WriteLine($"  duration         {Seconds:0.00} s measured, after {o.Warmup:0.##} s of warm-up");
        output.WriteLine($"  games finished   {Games} (whole run: {GamesIncludingWarmup})");
        output.WriteLine($"  moves            {Moves} (whole run: {MovesIncludingWarmup})");
        output.WriteLine($"  moves/s          {MovesPerSecond:0.0}");
        output.WriteLine($"  latency, ms      {playedName}: {Played.Text()}");
        output.WriteLine($"  latency, ms      {opponentName}: {Opponent.Text()}");
        if (Spectator is not null)
        {
            output.WriteLine($"  latency, ms      mover's send to a spectator's event: {Spectator.Text()}");
        }

        ReportParts.PrintErrorsAndConnections(output, Errors, ErrorsByCode, Connections, PeakConnections, ConnectionsOpened);
        if (o.Json)
        {
            output.WriteLine(Json());
        }
    }

    public string Json()
    {
        return ReportParts.JsonObject(w =>
        {
            w.WriteString("protocol", Options.Protocol.ToString().ToLowerInvariant());
            w.WriteStartArray("urls");
            foreach (var u in Endpoints)
            {
                w.WriteStringValue(u.ToString());
            }

            w.WriteEndArray();
            w.WriteNumber("concurrentGames", Options.Games);
            w.WriteNumber("spectatorsPerGame", Options.Spectators);
            w.WriteNumber("rate", Options.Rate);
            w.WriteNumber("connectionRate", Options.ConnectionRate);
            w.WriteNumber("warmupSeconds", Options.Warmup);
            w.WriteNumber("durationSeconds", Math.Round(Seconds, 3));
            w.WriteNumber("games", Games);
            w.WriteNumber("moves", Moves);
            w.WriteNumber("movesPerSecond", Math.Round(MovesPerSecond, 2));
            Played.Write(w, "playedLatencyMs");
            Opponent.Write(w, "opponentLatencyMs");
            Spectator?.Write(w, "spectatorLatencyMs");
            ReportParts.WriteErrorsAndConnections(w, Errors, ErrorsByCode, Connections, PeakConnections, ConnectionsOpened);
        });
    }
}
