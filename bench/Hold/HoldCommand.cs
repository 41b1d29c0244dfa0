using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Hold;

internal sealed record HoldOptions(
    IReadOnlyList<string> Urls,
    int Connections,
    double Seconds,
    int Sources,
    Protocol Protocol,
    bool Json,
    int Concurrency,
    double Timeout);

/// <summary>
/// The <c>hold</c> subcommand: opens N idle WebSockets (native: each says hello and gets its welcome), holds them, and
/// reports the servers' memory per connection from their <c>/stats</c> read before and after, each after a full
/// collection.
/// </summary>
internal static class HoldCommand
{
    public static Command Create()
    {
        var url = LoadCommand.UrlOption("A server's URL (a gateway, or echo-server for the bare-Kestrel baseline). Repeat it for several: " +
                                        "connections are spread round-robin and each server's memory is reported.");
        var connections = LoadCommand.Bounded(new Option<int>("--connections") { Description = "Connections to open and hold.", DefaultValueFactory = _ => 10_000 }, 1, 1_000_000);
        var seconds = LoadCommand.Bounded(new Option<double>("--seconds") { Description = "Seconds to hold them, idle, once all are open.", DefaultValueFactory = _ => 10 }, 0, 86_400);
        var sources = LoadCommand.Bounded(new Option<int>("--sources")
        {
            Description = $"Source addresses 127.0.0.1 .. 127.0.0.K to connect from (loopback servers only), past the ephemeral port range " +
                          $"of a single address; 0 (default): enough for at most {SourceAddresses.ConnectionsPerSource} connections each.",
            DefaultValueFactory = _ => 0,
        }, 0, 254);
        var protocol = new Option<string>("--protocol") { Description = "native (/ws: hello, wait for welcome) or tutorial (/: nothing sent; the dialect says nothing first).", DefaultValueFactory = _ => "native" };
        protocol.AcceptOnlyFromAmong("native", "tutorial");
        var json = new Option<bool>("--json") { Description = "Also print the report as one JSON object on the last line." };
        var concurrency = LoadCommand.Bounded(new Option<int>("--concurrency") { Description = "Connections being opened at once.", DefaultValueFactory = _ => 200 }, 1, 10_000);
        var timeout = LoadCommand.Bounded(new Option<double>("--timeout") { Description = "Seconds one connection may take to open (and be welcomed) before it counts as failed.", DefaultValueFactory = _ => 30 }, 0.5, 600);
        var command = new Command("hold", "Opens N idle WebSockets (native: each says hello), holds them for S seconds, and reports each server's " +
                                          "working set and managed heap from GET /stats?gc=true before and after, and per connection.")
        {
            url, connections, seconds, sources, protocol, json, concurrency, timeout,
        };
        command.SetAction((parse, cancel) => HoldRun.RunAsync(new HoldOptions(
            parse.GetValue(url)!,
            parse.GetValue(connections),
            parse.GetValue(seconds),
            parse.GetValue(sources),
            parse.GetValue(protocol) == "tutorial" ? Protocol.Tutorial : Protocol.Native,
            parse.GetValue(json),
            parse.GetValue(concurrency),
            parse.GetValue(timeout)), cancel));
        return command;
    }
}

/// <summary>What one server reported before and after, and how many connections went to it.</summary>
internal sealed record HeldServer(string Url, Uri Endpoint, ServerStats? Before, ServerStats? After, int Opened, string? StatsError)
{
    public double? WorkingSetPerConnection => PerConnection(s => s.WorkingSetBytes);

    public double? ManagedHeapPerConnection => PerConnection(s => s.ManagedHeapBytes);

    public double? GcHeapSizePerConnection => PerConnection(s => s.GcHeapSizeBytes);

    /// <summary>(after - before) / opened, in bytes; null without both readings or any connection.</summary>
    private double? PerConnection(Func<ServerStats, long> figure) =>
        Before is null || After is null || Opened == 0 ? null : (double)(figure(After) - figure(Before)) / Opened;
}

/// <summary>Runs <c>hold</c>.</summary>
internal static class HoldRun
{
    public static async Task<int> RunAsync(HoldOptions o, CancellationToken cancel)
    {
        var endpoint = o.Protocol == Protocol.Native ? "/ws" : "/";
        var uris = o.Urls.Select(u => Endpoints.WebSocket(u, endpoint)).ToArray();
        var loopback = uris.All(SourceAddresses.IsLoopback);
        if (!loopback && o.Sources > 1)
        {
            return Fail("--sources needs every --url on a loopback address (127.0.0.0/8, ::1 or localhost)");
        }

        var sourceCount = SourceAddresses.Count(o.Connections, o.Sources, loopback);
        if (SourceAddresses.CheckLimits(o.Connections, sourceCount, "--connections") is { } limit)
        {
            return Fail(limit);
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
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var opened = 0;
        var failed = 0;
        var openedPerServer = new int[o.Urls.Count];
        var opening = Stopwatch.StartNew();
        var clientBefore = Environment.WorkingSet;
        var clientHeapBefore = LiveHeap();
        try
        {
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var progress = ProgressAsync(() => $"opened {Volatile.Read(ref opened)}/{o.Connections}, failed {Volatile.Read(ref failed)}", progressStop.Token);
            await Parallel.ForEachAsync(Enumerable.Range(0, o.Connections), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = cancel },
                async (i, ct) =>
                {
                    var server = i % uris.Length;
                    var socket = new HeldSocket(server);
                    var hello = o.Protocol == Protocol.Native ? Encoding.UTF8.GetBytes($"{{\"type\":\"hello\",\"name\":\"hold-{i}\"}}") : null;
                    string? failure;
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        timeout.CancelAfter(TimeSpan.FromSeconds(o.Timeout));
                        try
                        {
                            failure = await socket.OpenAsync(uris[server], invokers[i % invokers.Length], hello, timeout.Token);
                        }
                        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                        {
                            failure = "timeout";
                        }
                        catch (OperationCanceledException)
                        {
                            socket.Abort();
                            throw;
                        }
                    }

                    if (failure is null)
                    {
                        sockets[i] = socket;
                        Interlocked.Increment(ref openedPerServer[server]);
                        Interlocked.Increment(ref opened);
                    }
                    else
                    {
                        socket.Abort();
                        failures.AddOrUpdate(failure, 1, static (_, n) => n + 1);
                        Interlocked.Increment(ref failed);
                    }
                });
            await progressStop.CancelAsync();
            await progress;
            var openSeconds = opening.Elapsed.TotalSeconds;
            var clientAfter = Environment.WorkingSet;
            var clientHeapAfter = LiveHeap();
            var client = opened == 0 ? null : new ClientMemory((double)(clientAfter - clientBefore) / opened, (double)(clientHeapAfter - clientHeapBefore) / opened);
            Console.Error.WriteLine($"hold: {opened} open, {failed} failed, in {openSeconds:0.0}s ({opened / Math.Max(openSeconds, 1e-9):0}/s); " +
                                    $"this client's working set grew {(clientAfter - clientBefore) / 1048576.0:0.0} MiB, its live managed heap " +
                                    $"{(clientHeapAfter - clientHeapBefore) / 1048576.0:0.0} MiB");
            foreach (var (reason, n) in failures.OrderByDescending(f => f.Value).Take(5))
            {
                Console.Error.WriteLine($"hold:   {n} x {reason}");
            }

            // Idle: nothing is sent; the server's keep-alive pings are answered by the pending receives.
            var holdEnd = Stopwatch.GetTimestamp() + (long)(o.Seconds * Stopwatch.Frequency);
            using (var holdStop = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                var holding = ProgressAsync(() => $"holding {opened - sockets.Count(s => s?.Lost is not null)}, " +
                                                  $"{Math.Max(0, (holdEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency):0}s left", holdStop.Token);
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

            var report = new HoldReport(o, sourceCount, opened, failed, new SortedDictionary<string, int>(failures, StringComparer.Ordinal),
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

    /// <summary>A line on stderr every 2 s until stopped.</summary>
    private static async Task ProgressAsync(Func<string> line, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Console.Error.WriteLine($"hold: {line()}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"hold: {message}");
        return 2;
    }
}

/// <summary>What this client's own process grew by per connection opened, in bytes.</summary>
internal sealed record ClientMemory(double WorkingSetBytes, double ManagedHeapBytes);

/// <summary>The figures of a hold run. KB are 1024 bytes.</summary>
internal sealed record HoldReport(
    HoldOptions Options,
    int Sources,
    int Opened,
    int Failed,
    SortedDictionary<string, int> Failures,
    SortedDictionary<string, int> Lost,
    int UnexpectedMessages,
    double OpenSeconds,
    ClientMemory? Client,
    HeldServer[] Servers)
{
    private static string KB(double? bytes) => bytes is { } b ? (b / 1024).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    public void Print(TextWriter output)
    {
        var o = Options;
        output.WriteLine($"hold report ({o.Protocol.ToString().ToLowerInvariant()} protocol, {string.Join(", ", Servers.Select(s => s.Endpoint.ToString()))})");
        output.WriteLine($"  connections      {Opened} opened, {Failed} failed of {o.Connections}" +
                         $"{(Failed > 0 ? ": " + string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}")) : "")}; " +
                         $"{(Sources == 0 ? "source chosen by the system" : $"{Sources} source address{(Sources > 1 ? "es" : "")}")}, opened in {OpenSeconds:0.0} s");
        output.WriteLine($"  held             {o.Seconds:0.##} s idle; lost meanwhile {Lost.Values.Sum()}" +
                         $"{(Lost.Count > 0 ? " (" + string.Join(", ", Lost.Select(l => $"{l.Key} {l.Value}")) + ")" : "")}, unexpected messages {UnexpectedMessages}");
        foreach (var s in Servers)
        {
            output.WriteLine($"  server           {s.Url}: {s.Opened} connections opened to it" +
                             $"{(s.After?.ServerGc is { } serverGc ? serverGc ? ", server GC" : ", workstation GC" : "")}");
            if (s.Before is null || s.After is null)
            {
                output.WriteLine($"    memory         n/a (no /stats: {s.StatsError})");
                continue;
            }

            output.WriteLine($"    its count      {s.Before.Connections} connections before, {s.After.Connections} after");
            output.WriteLine($"    working set    {MiB(s.Before.WorkingSetBytes)} MiB before, {MiB(s.After.WorkingSetBytes)} MiB after: {KB(s.WorkingSetPerConnection)} KB a connection");
            output.WriteLine($"    managed heap   {MiB(s.Before.ManagedHeapBytes)} MiB before, {MiB(s.After.ManagedHeapBytes)} MiB after: {KB(s.ManagedHeapPerConnection)} KB a connection" +
                             $"{(s.Before.Collected && s.After.Collected ? " (live, after a full collection)" : " (no collection: the server refused gc=true)")}");
            output.WriteLine($"    GC heap size   {MiB(s.Before.GcHeapSizeBytes)} MiB before, {MiB(s.After.GcHeapSizeBytes)} MiB after: {KB(s.GcHeapSizePerConnection)} KB a connection");
        }

        if (Client is not null)
        {
            output.WriteLine($"  client           this process, per connection: working set {KB(Client.WorkingSetBytes)} KB, live managed heap {KB(Client.ManagedHeapBytes)} KB");
        }

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
            foreach (var s in Servers)
            {
                w.WriteStringValue(s.Endpoint.ToString());
            }

            w.WriteEndArray();
            w.WriteNumber("connections", Options.Connections);
            w.WriteNumber("sources", Sources);
            w.WriteNumber("opened", Opened);
            w.WriteNumber("failed", Failed);
            w.WriteStartObject("failuresByReason");
            foreach (var (reason, n) in Failures)
            {
                w.WriteNumber(reason, n);
            }

            w.WriteEndObject();
            w.WriteNumber("heldSeconds", Options.Seconds);
            w.WriteNumber("openSeconds", Math.Round(OpenSeconds, 3));
            w.WriteNumber("lostWhileHeld", Lost.Values.Sum());
            w.WriteNumber("unexpectedMessages", UnexpectedMessages);
            if (Client is not null)
            {
                w.WriteStartObject("clientPerConnection");
                w.WriteNumber("workingSetKB", Math.Round(Client.WorkingSetBytes / 1024, 2));
                w.WriteNumber("managedHeapKB", Math.Round(Client.ManagedHeapBytes / 1024, 2));
                w.WriteEndObject();
            }

            // Every server together: the sum of their growths over every connection opened (one server: its own figures).
            var measured = Servers.Where(s => s.Before is not null && s.After is not null).ToArray();
            var count = measured.Sum(s => s.Opened);
            if (measured.Length == Servers.Length && count > 0)
            {
                WritePerConnection(w, "perConnection",
                    measured.Sum(s => (double)(s.After!.WorkingSetBytes - s.Before!.WorkingSetBytes)) / count,
                    measured.Sum(s => (double)(s.After!.ManagedHeapBytes - s.Before!.ManagedHeapBytes)) / count,
                    measured.Sum(s => (double)(s.After!.GcHeapSizeBytes - s.Before!.GcHeapSizeBytes)) / count);
            }

            w.WriteStartArray("servers");
            foreach (var s in Servers)
            {
                w.WriteStartObject();
                w.WriteString("url", s.Url);
                w.WriteNumber("opened", s.Opened);
                s.Before?.Write(w, "before");
                s.After?.Write(w, "after");
                if (s.WorkingSetPerConnection is { } ws && s.ManagedHeapPerConnection is { } mh && s.GcHeapSizePerConnection is { } gh)
                {
                    WritePerConnection(w, "perConnection", ws, mh, gh);
                }

                if (s.StatsError is not null)
                {
                    w.WriteString("statsError", s.StatsError);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    private static void WritePerConnection(Utf8JsonWriter w, string name, double workingSet, double managedHeap, double gcHeapSize)
    {
        w.WriteStartObject(name);
        w.WriteNumber("workingSetKB", Math.Round(workingSet / 1024, 2));
        w.WriteNumber("managedHeapKB", Math.Round(managedHeap / 1024, 2));
        w.WriteNumber("gcHeapSizeKB", Math.Round(gcHeapSize / 1024, 2));
        w.WriteEndObject();
    }
}
