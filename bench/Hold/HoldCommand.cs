using System.CommandLine;
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
        var url = CommandOptions.Url("A server's URL (a gateway, or echo-server for the bare-Kestrel baseline). Repeat it for several: " +
                                        "connections are spread round-robin and each server's memory is reported.");
        var connections = CommandOptions.Bounded(new Option<int>("--connections") { Description = "Connections to open and hold.", DefaultValueFactory = _ => 10_000 }, 1, 1_000_000);
        var seconds = CommandOptions.Bounded(new Option<double>("--seconds") { Description = "Seconds to hold them, idle, once all are open.", DefaultValueFactory = _ => 10 }, 0, 86_400);
        var sources = SourceAddresses.SourcesOption("servers");
        var protocol = new Option<string>("--protocol") { Description = "native (/ws: hello, wait for welcome) or tutorial (/: nothing sent; the dialect says nothing first).", DefaultValueFactory = _ => "native" };
        protocol.AcceptOnlyFromAmong("native", "tutorial");
        var json = new Option<bool>("--json") { Description = "Also print the report as one JSON object on the last line." };
        var concurrency = CommandOptions.Bounded(new Option<int>("--concurrency") { Description = "Connections being opened at once.", DefaultValueFactory = _ => 200 }, 1, 10_000);
        var timeout = CommandOptions.Bounded(new Option<double>("--timeout") { Description = "Seconds one connection may take to open (and be welcomed) before it counts as failed.", DefaultValueFactory = _ => 30 }, 0.5, 600);
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
