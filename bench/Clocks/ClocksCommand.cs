using System.CommandLine;
using Connect4.Bench.Common;

namespace Connect4.Bench.Clocks;

internal sealed record ClocksOptions(string Url, int Games, int Initial, bool Kill, double KillBefore, string? Script, double Timeout, bool Json);

internal static class ClocksCommand
{
    public static Command Create()
    {
        var url = CommandOptions.Url("The gateway (native protocol, /ws appended); ignored with --kill, which plays through the cluster's balancer.");
        var games = CommandOptions.Bounded(new Option<int>("--games") { Description = "Timed games started at once.", DefaultValueFactory = _ => 100 }, 1, 5000);
        var initial = CommandOptions.Bounded(new Option<int>("--initial") { Description = "Each side's time in seconds (the increment is 0).", DefaultValueFactory = _ => 15 }, 15, 3600);
        var kill = new Option<bool>("--kill") { Description = "On the local cluster of scripts/cluster.sh (started with 'up' when needed, brought down after only then): SIGKILL the silo hosting the most games just before their deadlines, and start it again after." };
        var killBefore = CommandOptions.Bounded(new Option<double>("--kill-before") { Description = "With --kill: seconds before the earliest deadline of the victim's games.", DefaultValueFactory = _ => 1 }, 0, 10);
        var script = new Option<string?>("--script") { Description = "Path to cluster.sh (default: scripts/cluster.sh under the repository root)." };
        var timeout = CommandOptions.Bounded(new Option<double>("--timeout") { Description = "Seconds after its deadline an 'over' may take before the game counts as failed.", DefaultValueFactory = _ => 30 }, 1, 600);
        var json = new Option<bool>("--json") { Description = "Also print the results as one JSON object on the last line." };
        var command = new Command("clocks", "Starts N timed games (15+0 by default), lets every clock run out with nobody moving, and reports the delay from " +
                                            "each deadline (the snapshot's clock 'at' plus the time left) to the arrival of 'over': p50, p99, max.")
        {
            url, games, initial, kill, killBefore, script, timeout, json,
        };
        command.SetAction((parse, cancel) => ClocksRun.RunAsync(new ClocksOptions(
            parse.GetValue(url)![0], parse.GetValue(games), parse.GetValue(initial), parse.GetValue(kill), parse.GetValue(killBefore),
            parse.GetValue(script), parse.GetValue(timeout), parse.GetValue(json)), cancel));
        return command;
    }
}
