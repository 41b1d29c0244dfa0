using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Broadcast;

internal sealed record BroadcastOptions(
    IReadOnlyList<string> Urls,
    int Spectators,
    double Rate,
    double Seconds,
    bool Json,
    int Concurrency,
    int Sources,
    double Timeout,
    double Grace,
    int? Seed);

/// <summary>
/// The <c>broadcast</c> subcommand: one game, N spectators each on a WebSocket of its own, moves at a fixed rate; for
/// every move, the time from the player's <c>play</c> to its <c>move</c> event at each spectator, and the spectators
/// that missed a move or got one twice.
/// </summary>
internal static class BroadcastCommand
{
    public static Command Create()
    {
        var url = LoadCommand.UrlOption("A gateway's URL (ws://host:port/ws, or http://host:port: /ws is appended). Repeat it for several: " +
                                        "spectators are spread round-robin; the players use the first.");
        var spectators = LoadCommand.Bounded(new Option<int>("--spectators") { Description = "Spectators, each on a WebSocket of its own.", Required = true }, 1, 1_000_000);
        var rate = LoadCommand.Bounded(new Option<double>("--rate") { Description = "Moves per second, the two players alternating.", DefaultValueFactory = _ => 1 }, 0.01, 1000);
        var seconds = LoadCommand.Bounded(new Option<double>("--seconds") { Description = "Seconds of play, once every spectator watches.", DefaultValueFactory = _ => 30 }, 0.1, 86_400);
        var json = new Option<bool>("--json") { Description = "Also print {spectators, moves, latencyMs {p50, p99, max}, missed, duplicated} as one JSON object on the last line." };
        var concurrency = LoadCommand.Bounded(new Option<int>("--concurrency") { Description = "Spectators connecting (connect, hello, watch) at once.", DefaultValueFactory = _ => 200 }, 1, 10_000);
        var sources = LoadCommand.Bounded(new Option<int>("--sources")
        {
            Description = $"Source addresses 127.0.0.1 .. 127.0.0.K to connect from (loopback gateways only), past the ephemeral port range " +
                          $"of a single address; 0 (default): enough for at most {SourceAddresses.ConnectionsPerSource} connections each.",
            DefaultValueFactory = _ => 0,
        }, 0, 254);
        var timeout = LoadCommand.Bounded(new Option<double>("--timeout")
        {
            Description = "Seconds a spectator may take to connect and be watching (also for a re-watch), and a player's command to be answered, before it fails.",
            DefaultValueFactory = _ => 30,
        }, 0.5, 600);
        var grace = LoadCommand.Bounded(new Option<double>("--grace") { Description = "Seconds after the last move for every spectator to get every move's event; a move still missing then is missed.", DefaultValueFactory = _ => 5 }, 0, 600);
        var seed = new Option<int?>("--seed") { Description = "Seed of the random moves (default: random)." };
        var command = new Command("broadcast", "One game watched by N spectators (WebSockets of their own, round-robin over the URLs); the two players move " +
                                               "at --rate for --seconds. Reports the latency from each play to its move event at every spectator " +
                                               "(p50/p99/max over every spectator and move), and the spectators that missed a move or got one twice.")
        {
            url, spectators, rate, seconds, json, concurrency, sources, timeout, grace, seed,
        };
        command.SetAction((parse, cancel) => BroadcastRun.RunAsync(new BroadcastOptions(
            parse.GetValue(url)!,
            parse.GetValue(spectators),
            parse.GetValue(rate),
            parse.GetValue(seconds),
            parse.GetValue(json),
            parse.GetValue(concurrency),
            parse.GetValue(sources),
            parse.GetValue(timeout),
            parse.GetValue(grace),
            parse.GetValue(seed)), cancel));
        return command;
    }

    /// <summary>The native endpoint of a gateway URL: kept when its path already ends with /ws, else /ws appended.</summary>
    internal static Uri NativeUri(string url)
    {
        var uri = Endpoints.WebSocket(url, "");
        return uri.AbsolutePath.TrimEnd('/').EndsWith("/ws", StringComparison.Ordinal) ? uri : Endpoints.WebSocket(url, "/ws");
    }
}

/// <summary>Runs <c>broadcast</c>.</summary>
internal static class BroadcastRun
{
    public static async Task<int> RunAsync(BroadcastOptions o, CancellationToken cancel)
    {
        var uris = o.Urls.Select(BroadcastCommand.NativeUri).ToArray();
        var loopback = uris.All(SourceAddresses.IsLoopback);
        if (!loopback && o.Sources > 1)
        {
            return Fail("--sources needs every --url on a loopback address (127.0.0.0/8, ::1 or localhost)");
        }

        var sourceCount = SourceAddresses.Count(o.Spectators, o.Sources, loopback);
        if (SourceAddresses.CheckLimits(o.Spectators + 2, sourceCount, "--spectators") is { } limit)
        {
            return Fail(limit);
        }

        // Moves are sent at most every 1/rate seconds during the play, so there are at most rate * seconds of them.
        var log = new MoveLog((int)Math.Ceiling(o.Rate * o.Seconds) + 1);
        var seed = o.Seed ?? Random.Shared.Next();
        var timeout = TimeSpan.FromSeconds(o.Timeout);
        var players = new Players(uris[0], log, new Random(seed), timeout);
        var invokers = SourceAddresses.Invokers(sourceCount, o.Timeout);
        var spectators = new Spectator?[o.Spectators];
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var rewatchFailures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var rewatched = 0;
        string? fatal = null;
        double connectSeconds = 0, settleSeconds = 0, rewatchSettleSeconds = 0, playSeconds = 0;
        var progressLine = new ProgressLine();
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var progress = progressLine.RunAsync(progressStop.Token);
        BroadcastReport? report = null;
        Console.Error.WriteLine($"broadcast: {o.Spectators} spectators over {string.Join(", ", uris.Select(u => u.ToString()))} " +
                                $"({SourceAddresses.Describe(sourceCount)}; {o.Concurrency} connecting at once); players on {uris[0]}; " +
                                $"{o.Rate.ToString(CultureInfo.InvariantCulture)} moves/s for {o.Seconds.ToString(CultureInfo.InvariantCulture)} s; seed {seed}");
        try
        {
            await players.OpenAsync(cancel);
            var game = await players.NewGameAsync(0, cancel);
            Console.Error.WriteLine($"broadcast: game {Encoding.UTF8.GetString(game.Id)} created and joined; connecting the spectators");

            // Spectators: connect, hello, watch, at most --concurrency at a time.
            var opened = 0;
            var failed = 0;
            var connecting = Stopwatch.StartNew();
            progressLine.Line = () => $"spectators watching {Volatile.Read(ref opened)}/{o.Spectators}, failed {Volatile.Read(ref failed)}";
            await Parallel.ForEachAsync(Enumerable.Range(0, o.Spectators), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = cancel },
                async (i, ct) =>
                {
                    var server = i % uris.Length;
                    var spectator = new Spectator(i, server, log);
                    string? failure;
                    using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        deadline.CancelAfter(timeout);
                        try
                        {
                            failure = await spectator.OpenAsync(uris[server], invokers[i % invokers.Length], deadline.Token)
                                      ?? await spectator.WatchAsync(game, deadline.Token);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            failure = "timeout";
                        }
                    }

                    if (failure is null)
                    {
                        spectators[i] = spectator;
                        Interlocked.Increment(ref opened);
                    }
                    else
                    {
                        await spectator.CloseAsync(TimeSpan.FromSeconds(1));
                        failures.AddOrUpdate(failure, 1, static (_, n) => n + 1);
                        Interlocked.Increment(ref failed);
                    }
                });
            connectSeconds = connecting.Elapsed.TotalSeconds;
            var watching = spectators.Where(s => s is not null).Select(s => s!).ToArray();
            Console.Error.WriteLine($"broadcast: {watching.Length} spectators watching, {failed} failed, in {connectSeconds:0.0} s");
            foreach (var (reason, n) in failures.OrderByDescending(f => f.Value).Take(5))
            {
                Console.Error.WriteLine($"broadcast:   {n} x {reason}");
            }

            if (watching.Length == 0)
            {
                fatal = "no spectator is watching";
            }
            else
            {
                settleSeconds = await SettleAsync(log, timeout, progressLine, cancel);
                Console.Error.WriteLine($"broadcast: settled in {settleSeconds:0.0} s; play starts at {Clock()}");

                // Play: move k of the schedule is due at start + k / rate; a move waits for the previous one's played reply.
                var playing = Stopwatch.StartNew();
                var start = Stopwatch.GetTimestamp();
                var end = start + (long)(o.Seconds * Stopwatch.Frequency);
                var scheduled = 0L;
                var move = 0;
                Func<string> playLine = () =>
                {
                    var last = move - 1;
                    return last < 0 ? "no move yet" : $"{move} moves in {log.Games.Count} game(s); move {last + 1} seen by {watching.Count(s => s.HasSeen(last))}/{watching.Length} spectators";
                };
                progressLine.Line = playLine;
                try
                {
                    while (move < log.Capacity)
                    {
                        var due = start + (long)(scheduled * Stopwatch.Frequency / o.Rate);
                        if (due >= end)
                        {
                            break;
                        }

                        await Delay.Until(due, cancel);

                        if (players.GameOver)
                        {
                            // A new game, and every spectator watches it before its first move (the time this takes is no sample).
                            var ended = game;
                            game = await players.NewGameAsync(move, cancel);
                            Console.Error.WriteLine($"broadcast: game {ended.Number + 1} over after {ended.Played} moves; " +
                                                    $"game {game.Number + 1} is {Encoding.UTF8.GetString(game.Id)}: every spectator watches it");
                            var current = game;
                            await Parallel.ForEachAsync(watching, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = cancel },
                                async (s, ct) =>
                                {
                                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                                    deadline.CancelAfter(timeout);
                                    string? failure;
                                    try
                                    {
                                        failure = await s.WatchAsync(current, deadline.Token);
                                    }
                                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                                    {
                                        failure = "timeout";
                                    }

                                    if (failure is null)
                                    {
                                        Interlocked.Increment(ref rewatched);
                                    }
                                    else
                                    {
                                        rewatchFailures.AddOrUpdate(failure, 1, static (_, n) => n + 1);
                                    }
                                });
                            var settled = await SettleAsync(log, timeout, progressLine, cancel);
                            Console.Error.WriteLine($"broadcast: {Volatile.Read(ref rewatched)} re-watches in all; settled in {settled:0.0} s");
                            rewatchSettleSeconds += settled;
                            progressLine.Line = playLine;
                            start = Stopwatch.GetTimestamp();
                            scheduled = 0;
                            continue;
                        }

                        await players.PlayAsync(cancel);
                        move++;
                        scheduled++;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException)
                {
                    fatal = e.Message;
                    Console.Error.WriteLine($"broadcast: the players stopped: {e.Message}");
                }

                if (fatal is null)
                {
                    await Delay.Until(end, cancel); // the window is --seconds long, whenever its last move went
                }

                playSeconds = playing.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"broadcast: play ended at {Clock()}: {log.SentCount} moves sent; grace of {o.Grace.ToString(CultureInfo.InvariantCulture)} s");

                // Grace: until every spectator still connected has every move, or the grace is over.
                var graceEnd = Stopwatch.GetTimestamp() + (long)(o.Grace * Stopwatch.Frequency);
                progressLine.Line = () => $"grace: {watching.Count(s => s.Lost is null && !s.HasEveryMove())} spectators still missing a move";
                while (Stopwatch.GetTimestamp() < graceEnd && watching.Any(s => s.Lost is null && !s.HasEveryMove()))
                {
                    await Task.Delay(50, cancel);
                }

                report = BroadcastReport.From(o, uris, sourceCount, watching, failures, connectSeconds, settleSeconds, log, players, playSeconds, rewatched, rewatchSettleSeconds, rewatchFailures, fatal);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException or HttpRequestException)
        {
            fatal = e.Message;
            Console.Error.WriteLine($"broadcast: {e.Message}");
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
            Console.Error.WriteLine($"broadcast: closing the connections at {Clock()}");
            var closing = Stopwatch.StartNew();
            var open = spectators.Where(s => s is not null).Select(s => s!).ToArray();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
                async (s, _) => await s.CloseAsync(TimeSpan.FromSeconds(2)));
            await players.CloseAsync();
            Console.Error.WriteLine($"broadcast: closed {open.Length} spectators and the players in {closing.Elapsed.TotalSeconds:0.0}s");
            foreach (var invoker in invokers)
            {
                invoker.Dispose();
            }
        }

        if (report is null)
        {
            Console.Error.WriteLine($"broadcast: no report: {fatal}");
            return 1;
        }

        report.Print(Console.Out);
        return report.Complete ? 0 : 1;
    }

    /// <summary>A line on stderr every 2 s, from whatever <see cref="Line"/> says at the time, until stopped.</summary>
    private sealed class ProgressLine
    {
        public Func<string> Line { get; set; } = () => "starting";

        public async Task RunAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            try
            {
                while (await timer.WaitForNextTickAsync(stop))
                {
                    Console.Error.WriteLine($"broadcast: {Line()}");
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// Every watch makes the game tell every follower the new spectator count (about N²/2 messages for N spectators):
    /// waits until that traffic has died down (no count event for half a second, at most <paramref name="timeout"/>)
    /// so that moves are not measured behind it. Returns the seconds waited.
    /// </summary>
    private static async Task<double> SettleAsync(MoveLog log, TimeSpan timeout, ProgressLine progress, CancellationToken cancel)
    {
        var settling = Stopwatch.StartNew();
        progress.Line = () => $"settling: {settling.Elapsed.TotalSeconds:0} s, last spectators-count event {LatencySummary.Ms(Stopwatch.GetTimestamp() - log.LastCountEvent):0} ms ago";
        while (LatencySummary.Ms(Stopwatch.GetTimestamp() - log.LastCountEvent) < 500 && settling.Elapsed < timeout)
        {
            await Task.Delay(50, cancel);
        }

        return settling.Elapsed.TotalSeconds;
    }

    /// <summary>The wall clock (UTC), to match these lines with a server's log.</summary>
    private static string Clock() => DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"broadcast: {message}");
        return 2;
    }
}
