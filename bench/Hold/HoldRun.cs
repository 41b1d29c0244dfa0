using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Hold;

/// <summary>Runs <c>hold</c>: each server's <c>/stats</c>, the connections opened and held, <c>/stats</c> again, the report.</summary>
internal static class HoldRun
{
    public static async Task<int> RunAsync(HoldOptions o, CancellationToken cancel)
    {
        var uris = o.Urls.Select(u => Endpoints.WebSocket(u, o.Protocol.EndpointPath())).ToArray();
        if (SourceAddresses.Plan(uris, o.Connections, o.Connections, o.Sources, "--connections", out var sourceCount) is { } problem)
        {
            Console.Error.WriteLine($"hold: {problem}");
            return 2;
        }

        Console.Error.WriteLine($"hold: {o.Connections} connections, {o.Protocol.ToString().ToLowerInvariant()} protocol, " +
                                $"{string.Join(", ", uris.Select(u => u.ToString()))}, " +
                                $"{SourceAddresses.Describe(sourceCount)}; " +
                                $"{o.Concurrency} opening at once, held {o.Seconds}s");

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
        var before = new ServerStats?[o.Urls.Count];
        var statsErrors = new string?[o.Urls.Count];
        for (var u = 0; u < o.Urls.Count; u++)
        {
            (before[u], statsErrors[u]) = await ReadStatsAsync(http, o.Urls[u], cancel);
        }

        var invokers = SourceAddresses.Invokers(sourceCount, o.Timeout);
        var sockets = new HeldSocket?[o.Connections];
        var tally = new ConnectionTally();
        var openedPerServer = new int[o.Urls.Count];
        var opening = Stopwatch.StartNew();
        var clientBefore = Environment.WorkingSet;
        var clientHeapBefore = LiveHeap();
        try
        {
            var progress = new ProgressLine("hold") { Line = () => $"opened {tally.Succeeded}/{o.Connections}, failed {tally.Failed}" };
            using (var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                var showing = progress.RunAsync(progressStop.Token);
                await tally.RunAsync(o.Connections, o.Concurrency, TimeSpan.FromSeconds(o.Timeout),
                    async (i, deadline) =>
                    {
                        var socket = sockets[i] = new HeldSocket(i % uris.Length);
                        var hello = o.Protocol == Protocol.Native ? Encoding.UTF8.GetBytes($"{{\"type\":\"hello\",\"name\":\"hold-{i}\"}}") : null;
                        var failure = await socket.OpenAsync(uris[socket.Server], invokers[i % invokers.Length], hello, deadline);
                        if (failure is null)
                        {
                            Interlocked.Increment(ref openedPerServer[socket.Server]);
                        }

                        return failure;
                    },
                    async i =>
                    {
                        await sockets[i]!.CloseAsync(TimeSpan.Zero);
                        sockets[i] = null;
                    },
                    cancel);
                await progressStop.CancelAsync();
                await showing;
            }

            var opened = tally.Succeeded;
            var openSeconds = opening.Elapsed.TotalSeconds;
            var clientAfter = Environment.WorkingSet;
            var clientHeapAfter = LiveHeap();
            var client = opened == 0 ? null : new ClientMemory((double)(clientAfter - clientBefore) / opened, (double)(clientHeapAfter - clientHeapBefore) / opened);
            Console.Error.WriteLine($"hold: {opened} open, {tally.Failed} failed, in {openSeconds:0.0}s ({opened / Math.Max(openSeconds, 1e-9):0}/s); " +
                                    $"this client's working set grew {(clientAfter - clientBefore) / 1048576.0:0.0} MiB, its live managed heap " +
                                    $"{(clientHeapAfter - clientHeapBefore) / 1048576.0:0.0} MiB");
            tally.PrintCommonestFailures("hold");

            // Idle: nothing is sent; the server's keep-alive pings are answered by the pending receives.
            var holdEnd = Stopwatch.GetTimestamp() + (long)(o.Seconds * Stopwatch.Frequency);
            using (var holdStop = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                progress.Line = () => $"holding {opened - sockets.Count(s => s?.Lost is not null)}, " +
                                      $"{Math.Max(0, (holdEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency):0}s left";
                var holding = progress.RunAsync(holdStop.Token);
                await Delay.Until(holdEnd, cancel);
                await holdStop.CancelAsync();
                await holding;
            }

            var lost = sockets.Where(s => s?.Lost is not null).GroupBy(s => s!.Lost!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var servers = new HeldServer[o.Urls.Count];
            for (var u = 0; u < o.Urls.Count; u++)
            {
                var (after, error) = await ReadStatsAsync(http, o.Urls[u], cancel);
                servers[u] = new HeldServer(o.Urls[u], uris[u], before[u], after, openedPerServer[u], statsErrors[u] ?? error);
            }

            var report = new HoldReport(o, sourceCount, opened, tally.Failed, new SortedDictionary<string, int>(tally.Failures, StringComparer.Ordinal),
                new SortedDictionary<string, int>(lost, StringComparer.Ordinal), sockets.Sum(s => s?.Unexpected ?? 0), openSeconds,
                client, servers);
            report.Print(Console.Out);
            return opened == 0 ? 1 : 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
        finally
        {
            var closing = Stopwatch.StartNew();
            var open = sockets.Where(s => s is not null).Select(s => s!).ToArray();
            await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
                async (s, _) => await s.CloseAsync(TimeSpan.FromSeconds(2)));
            Console.Error.WriteLine($"hold: closed {open.Length} connections in {closing.Elapsed.TotalSeconds:0.0}s");
            foreach (var invoker in invokers)
            {
                invoker.Dispose();
            }
        }
    }

    private static async Task<(ServerStats? Stats, string? Error)> ReadStatsAsync(HttpClient http, string url, CancellationToken cancel)
    {
        try
        {
            return (await ServerStats.ReadAsync(http, url, collect: true, cancel), null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"hold: no /stats from {url} ({e.Message}); memory figures left out");
            return (null, e.Message);
        }
    }

    /// <summary>This process's live managed heap, after a full blocking collection.</summary>
    private static long LiveHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
