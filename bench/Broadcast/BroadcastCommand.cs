using System.CommandLine;
using Connect4.Bench.Common;

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
        var url = CommandOptions.Url("A gateway's URL (ws://host:port/ws, or http://host:port: /ws is appended). Repeat it for several: " +
                                        "spectators are spread round-robin; the players use the first.");
        var spectators = CommandOptions.Bounded(new Option<int>("--spectators") { Description = "Spectators, each on a WebSocket of its own.", Required = true }, 1, 1_000_000);
        var rate = CommandOptions.Bounded(new Option<double>("--rate") { Description = "Moves per second, the two players alternating.", DefaultValueFactory = _ => 1 }, 0.01, 1000);
        var seconds = CommandOptions.Bounded(new Option<double>("--seconds") { Description = "Seconds of play, once every spectator watches.", DefaultValueFactory = _ => 30 }, 0.1, 86_400);
        var json = new Option<bool>("--json") { Description = "Also print {spectators, moves, latencyMs {p50, p99, max}, missed, duplicated} as one JSON object on the last line." };
        var concurrency = CommandOptions.Bounded(new Option<int>("--concurrency") { Description = "Spectators connecting (connect, hello, watch) at once.", DefaultValueFactory = _ => 200 }, 1, 10_000);
        var sources = SourceAddresses.SourcesOption("gateways");
        var timeout = CommandOptions.Bounded(new Option<double>("--timeout")
        {
            Description = "Seconds a spectator may take to connect and be watching (also for a re-watch), and a player's command to be answered, before it fails.",
            DefaultValueFactory = _ => 30,
        }, 0.5, 600);
        var grace = CommandOptions.Bounded(new Option<double>("--grace") { Description = "Seconds after the last move for every spectator to get every move's event; a move still missing then is missed.", DefaultValueFactory = _ => 5 }, 0, 600);
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
