using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Baseline;

/// <summary>
/// The <c>baseline</c> subcommand: starts <c>echo-server</c> in a process of its own and drives it like <c>load</c>
/// drives a gateway (the same options, pacing, watchdog, latency percentiles and report layout), so that every figure
/// of a load run can be read as a ratio to what this machine does with WebSockets and no game at all.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var shared = new RunOptionSet();
        shared.Games.Description = "Concurrent 'games': pairs of sockets taking turns to send a message the size of a native play command and wait for its echo.";
        shared.Rate.Description = "Messages per second in total across all games; 0: each as soon as the previous one's echo is seen.";
        shared.Timeout.Description = "Seconds an echo may take before it counts as a 'timeout' error and the game's sockets are reopened.";
        shared.Seed.Description = "Seed of the random columns in the messages (default: random).";
        shared.ConnectionRate.Description = "Messages per second each connection allows itself (a token bucket), as load does to stay within a " +
                                            "gateway's per-connection limit (the echo server has none); 0: no cap. Pass the value the load run used.";
        var command = new Command("baseline", "Starts echo-server (a bare ASP.NET Core WebSocket echo server) in its own process and drives it " +
                                              "with load's client: N games of 2 sockets, each move a play-sized message echoed back. Reports " +
                                              "messages/s and round-trip latency (p50/p90/p99/max) in load's layout, then stops the server.")
        {
            shared.Games, shared.Seconds, shared.Rate, shared.Json, shared.Warmup, shared.ConnectionRate, shared.Timeout, shared.Seed,
        };
        command.SetAction((parse, cancel) => BaselineRun.RunAsync(shared.Read(parse, [], Protocol.Native, spectators: 0), cancel));
        return command;
    }
}

/// <summary>Runs <c>baseline</c>: the echo server's process, the games, the report.</summary>
internal static class BaselineRun
{
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancel)
    {
        EchoServerProcess server;
        try
        {
            server = await EchoServerProcess.StartAsync(cancel);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"baseline: could not start the echo server: {e.Message}");
            return cancel.IsCancellationRequested ? 130 : 2;
        }

        await using (server)
        {
            var o = options with { Urls = [server.Url] };
            var uris = new[] { Endpoints.WebSocket(server.Url, "/ws") };
            var ctx = new LoadContext(o);
            var games = Enumerable.Range(0, o.Games).Select(i => (LoadGame)new EchoGame(ctx, i, uris)).ToArray();
            Console.Error.WriteLine($"baseline: echo server (pid {server.ProcessId}) at {server.Url}; {o.Games} games x 2 sockets; " +
                                    $"warm-up {o.Warmup}s, measured {o.Seconds}s, rate {(o.Rate > 0 ? $"{o.Rate}/s" : "as fast as echoed")}, " +
                                    $"per-connection cap {(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");

            var run = await LoadRun.DriveAsync(ctx, games, new RunLabels("baseline", "messages/s", "a message", "connected", ShowGames: false), cancel);
            if (run is null)
            {
                return 130;
            }

            var report = new BaselineReport(
                o,
                uris[0],
                run.Seconds,
                ctx.MovesMeasured,
                ctx.MovesTotal,
                run.Seconds > 0 ? ctx.MovesMeasured / run.Seconds : 0,
                LatencySummary.Of(run.Logs.Select(l => l.Played)),
                ctx.ErrorsTotal,
                run.ErrorsByCode,
                run.Held,
                ctx.PeakConnections,
                ctx.ConnectionsOpened);
            report.Print(Console.Out);
            return cancel.IsCancellationRequested ? 130 : 0;
        }
    }
}

/// <summary>
/// <c>echo-server</c> running in a child process of this tool: the same executable (under <c>dotnet</c>, with this
/// assembly's path), on a free loopback port that it picks itself and names on its first line, with workstation GC like the
/// gateway. Disposing stops it: its standard input is closed (it stops by itself), and it is killed if still there
/// after 3 s; closing its input also stops it when this process dies.
/// </summary>
internal sealed class EchoServerProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "listening on ";

    private readonly Process _process;
    private readonly Task _stderr;
    private Task _stdout = Task.CompletedTask;

    private EchoServerProcess(Process process)
    {
        _process = process;
        _stderr = PumpAsync(process.StandardError, line => Console.Error.WriteLine($"echo-server: {line}"));
    }

    /// <summary>The server's URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    public int ProcessId => _process.Id;

    public static async Task<EchoServerProcess> StartAsync(CancellationToken cancel)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the entry assembly is unknown"));
        }

        foreach (var arg in new[] { "echo-server", "--host", "127.0.0.1", "--port", "0", "--stop-on-stdin-close" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{self} did not start");
        var server = new EchoServerProcess(process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new TimeoutException("no 'listening on' line within 30 s");
                }

                if (line is null)
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    throw new InvalidOperationException($"it exited{(process.HasExited ? $" with {process.ExitCode}" : "")} before listening");
                }

                if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                {
                    server.Url = line[ListeningPrefix.Length..].Trim();
                    break;
                }

                Console.Error.WriteLine($"echo-server: {line}");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        server._stdout = PumpAsync(process.StandardOutput, line => Console.Error.WriteLine($"echo-server: {line}"));
        return server;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> write)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                write(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }

            await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>The figures of a baseline run, printed in load's layout.</summary>
internal sealed record BaselineReport(
    LoadOptions Options,
    Uri Endpoint,
    double Seconds,
    long Messages,
    long MessagesIncludingWarmup,
    double MessagesPerSecond,
    LatencySummary RoundTrip,
    long Errors,
    SortedDictionary<string, long> ErrorsByCode,
    int Connections,
    int PeakConnections,
    long ConnectionsOpened)
{
    public void Print(TextWriter output)
    {
        var o = Options;
        output.WriteLine($"baseline report (WebSocket echo server in its own process, {Endpoint})");
        output.WriteLine($"  games            {o.Games} concurrent, 2 sockets each taking turns; rate " +
                         $"{(o.Rate > 0 ? $"{o.Rate}/s total" : "as fast as echoed")}, per-connection cap {(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");
        output.WriteLine($"  duration         {Seconds:0.00} s measured, after {o.Warmup:0.##} s of warm-up");
        output.WriteLine($"  messages         {Messages} echoed (whole run: {MessagesIncludingWarmup})");
        output.WriteLine($"  messages/s       {MessagesPerSecond:0.0}");
        output.WriteLine($"  latency, ms      round trip, send to its echo: {RoundTrip.Text()}");
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
            w.WriteString("server", "echo");
            w.WriteString("url", Endpoint.ToString());
            w.WriteNumber("concurrentGames", Options.Games);
            w.WriteNumber("rate", Options.Rate);
            w.WriteNumber("connectionRate", Options.ConnectionRate);
            w.WriteNumber("warmupSeconds", Options.Warmup);
            w.WriteNumber("durationSeconds", Math.Round(Seconds, 3));
            w.WriteNumber("messages", Messages);
            w.WriteNumber("messagesPerSecond", Math.Round(MessagesPerSecond, 2));
            RoundTrip.Write(w, "roundTripLatencyMs");
            ReportParts.WriteErrorsAndConnections(w, Errors, ErrorsByCode, Connections, PeakConnections, ConnectionsOpened);
        });
    }
}
