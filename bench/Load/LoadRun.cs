using System.Diagnostics;
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
        var uris = o.Urls.Select(u => Endpoints.WebSocket(u, o.Protocol.EndpointPath())).ToArray();
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

        new LoadReport(o, uris, run).Print(Console.Out);
        return cancel.IsCancellationRequested ? 130 : 0;
    }

    /// <summary>
    /// Runs prepared games the way <c>load</c> does, for <c>load</c> and <c>baseline</c>: connects them (their
    /// <see cref="LoadGame.PrepareAsync"/>), starts the clock, plays the warm-up and the measured seconds with the progress
    /// line, then closes every socket. Null when cancelled while connecting (the sockets are closed).
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
        var monitor = MonitorAsync(ctx, labels, monitorStop.Token);
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
            games.SelectMany(g => g.SeatLogs).ToList(),
            ctx.MovesMeasured,
            ctx.MovesTotal,
            ctx.GamesMeasured,
            ctx.GamesTotal,
            ctx.ErrorsTotal,
            new SortedDictionary<string, long>(ctx.ErrorsByCode.ToDictionary(e => e.Key, e => e.Value), StringComparer.Ordinal),
            held,
            ctx.PeakConnections,
            ctx.ConnectionsOpened);
    }

    /// <summary>The progress line (stderr, once a second), and the connections held when the measured window ends
    /// (looked at every 100 ms).</summary>
    private static async Task MonitorAsync(LoadContext ctx, RunLabels labels, CancellationToken cancel)
    {
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

/// <summary>What <see cref="LoadRun.DriveAsync"/> measured: the measured seconds, every seat's latencies, the moves and
/// games of the measured window and of the whole run, the errors (whole run), and the connections: held when the window
/// ended, at their peak, opened in all.</summary>
internal sealed record RunMeasure(
    double Seconds,
    IReadOnlyList<SeatLog> Logs,
    long Moves,
    long MovesIncludingWarmup,
    long Games,
    long GamesIncludingWarmup,
    long Errors,
    SortedDictionary<string, long> ErrorsByCode,
    int Held,
    int PeakConnections,
    long ConnectionsOpened)
{
    public double MovesPerSecond => Seconds > 0 ? Moves / Seconds : 0;

    /// <summary>The errors and connections lines that close the text reports of load and baseline.</summary>
    public void PrintErrorsAndConnections(TextWriter output)
    {
        output.WriteLine($"  errors           {Errors} (whole run){(Errors > 0 ? ": " + string.Join(", ", ErrorsByCode.Select(e => $"{e.Key} {e.Value}")) : "")}");
        output.WriteLine($"  connections      {Held} held at the end (peak {PeakConnections}, {ConnectionsOpened} opened in all)");
    }
}
