using System.CommandLine;
using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Baseline;

/// <summary>
/// The <c>baseline</c> subcommand: starts <c>echo-server</c> in a process of its own and drives it like <c>load</c>
/// drives a gateway (the same options, pacing, timeouts, latency percentiles and report layout), so that every figure
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

            new BaselineReport(o, uris[0], run).Print(Console.Out);
            return cancel.IsCancellationRequested ? 130 : 0;
        }
    }
}
