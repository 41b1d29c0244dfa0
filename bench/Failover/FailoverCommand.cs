using System.CommandLine;
using Connect4.Bench.Common;

namespace Connect4.Bench.Failover;

internal sealed record FailoverOptions(string? Script, int Trials, int Games, bool Json, int Moves, double Timeout);

internal static class FailoverCommand
{
    public static Command Create()
    {
        var script = new Option<string?>("--script") { Description = "Path to cluster.sh (default: scripts/cluster.sh under the repository root, found by walking up to Connect4.sln)." };
        var trials = CommandOptions.Bounded(new Option<int>("--trials") { Description = "Trials; each kills the next silo (silo-1, silo-2, silo-3, silo-1, ...).", DefaultValueFactory = _ => 5 }, 1, 100);
        var games = CommandOptions.Bounded(new Option<int>("--games") { Description = "Games started through the balancer for each trial.", DefaultValueFactory = _ => 20 }, 1, 1000);
        var json = new Option<bool>("--json") { Description = "Also print the results as one JSON object on the last line." };
        var moves = CommandOptions.Bounded(new Option<int>("--moves") { Description = "Moves played in each game before the kill (a game cannot end within 6).", DefaultValueFactory = _ => 4 }, 0, 6);
        var timeout = CommandOptions.Bounded(new Option<double>("--timeout") { Description = "Seconds a game may take to answer after the kill before it counts as failed.", DefaultValueFactory = _ => 60 }, 1, 600);
        var command = new Command("failover", "On the local cluster of scripts/cluster.sh (started with 'up' when needed, and brought down after " +
                                              "only then): for each trial, starts games through the balancer, asks each silo which games it hosts " +
                                              "(GET /games), SIGKILLs a silo, and measures for the games it hosted the time from its death to the played reply of their next move (resent every 100 ms while " +
                                              "unavailable); then starts the silo again.")
        {
            script, trials, games, json, moves, timeout,
        };
        command.SetAction((parse, cancel) => FailoverRun.RunAsync(new FailoverOptions(
            parse.GetValue(script), parse.GetValue(trials), parse.GetValue(games), parse.GetValue(json), parse.GetValue(moves),
            parse.GetValue(timeout)), cancel));
        return command;
    }
}
