using System.CommandLine;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

internal static class LoadCommand
{
    public static Command Create()
    {
        var url = CommandOptions.Url("A gateway's URL (http/https/ws/wss; /ws or / is appended). Repeat it for several gateways: " +
                            "sockets are spread round-robin, the two players of a game on different ones.");
        var shared = new RunOptionSet();
        var protocol = new Option<string>("--protocol") { Description = "native (/ws: hello, create, join, play with ply) or tutorial (/: init, play).", DefaultValueFactory = _ => "native" };
        protocol.AcceptOnlyFromAmong("native", "tutorial");
        var spectators = CommandOptions.Bounded(new Option<int>("--spectators") { Description = "Spectators per game.", DefaultValueFactory = _ => 0 }, 0, 50);

        var command = new Command("load", "Plays N concurrent games of random legal moves over real WebSockets and reports moves/s, " +
                                          "latencies (p50/p90/p99/max) and errors. Runs warm-up + seconds, then closes every socket.")
        {
            url, shared.Games, shared.Seconds, shared.Rate, protocol, spectators, shared.Json, shared.Warmup, shared.ConnectionRate,
            shared.Timeout, shared.Seed,
        };
        command.SetAction((parse, cancel) => LoadRun.RunAsync(
            shared.Read(parse, parse.GetValue(url)!, parse.GetValue(protocol) == "tutorial" ? Protocol.Tutorial : Protocol.Native,
                parse.GetValue(spectators)), cancel));
        return command;
    }
}

/// <summary>
/// The options <c>load</c> and <c>baseline</c> share, with load's names, defaults, bounds and descriptions, so the two
/// commands take the same command line for the same run.
/// </summary>
internal sealed class RunOptionSet
{
    public Option<int> Games { get; } = CommandOptions.Bounded(new Option<int>("--games") { Description = "Concurrent games (2 players each).", DefaultValueFactory = _ => 10 }, 1, 5000);

    public Option<double> Seconds { get; } = CommandOptions.Bounded(new Option<double>("--seconds") { Description = "Measured seconds, after the warm-up.", DefaultValueFactory = _ => 10 }, 0.1, 3600);

    public Option<double> Warmup { get; } = CommandOptions.Bounded(new Option<double>("--warmup") { Description = "Seconds played first and left out of the figures.", DefaultValueFactory = _ => 1 }, 0, 600);

    public Option<double> Rate { get; } = CommandOptions.Bounded(new Option<double>("--rate") { Description = "Moves per second in total across all games; 0: each move as soon as the previous one is seen.", DefaultValueFactory = _ => 0 }, 0, 1_000_000);

    public Option<bool> Json { get; } = new("--json") { Description = "Also print the report as one JSON object on the last line." };

    public Option<double> ConnectionRate { get; } = CommandOptions.Bounded(new Option<double>("--connection-rate")
    {
        Description = "Commands per second each connection allows itself (a token bucket), to stay within the gateway's " +
                      "per-connection limit (Gateway:CommandsPerSecond, 20 by default) rather than be refused and closed; " +
                      "0: no cap (for a gateway configured with a higher limit).",
        DefaultValueFactory = _ => 20,
    }, 0, 1_000_000);

    public Option<double> Timeout { get; } = CommandOptions.Bounded(new Option<double>("--timeout") { Description = "Seconds a move or command may go unanswered before it counts as a 'timeout' error and the game's sockets are reopened.", DefaultValueFactory = _ => 10 }, 0.5, 600);

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of the random moves (default: random)." };

    public LoadOptions Read(ParseResult parse, IReadOnlyList<string> urls, Protocol protocol, int spectators) => new(
        urls,
        parse.GetValue(Games),
        parse.GetValue(Seconds),
        parse.GetValue(Rate),
        protocol,
        spectators,
        parse.GetValue(Json),
        parse.GetValue(Warmup),
        parse.GetValue(ConnectionRate),
        parse.GetValue(Timeout),
        parse.GetValue(Seed));
}
