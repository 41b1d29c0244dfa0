using System.CommandLine;
using System.Diagnostics;
using Connect4.Bench.Common;

namespace Connect4.Bench.Seek;

/// <summary>
/// The <c>seek</c> subcommand: N players seek in a few pools (untimed, 60+0, 180+0; casual, so any two of a pool are
/// compatible at once), play each paired game out with random legal moves and seek again, for S seconds.
/// </summary>
internal static class SeekCommand
{
    private static readonly string[] Pools = ["untimed", "60", "180"];

    public static Command Create()
    {
        var url = CommandOptions.Url("The gateway (native protocol, /ws appended).");
        var players = CommandOptions.Bounded(new Option<int>("--players") { Description = "Players seeking at once.", DefaultValueFactory = _ => 200 }, 2, 20000);
        var seconds = CommandOptions.Bounded(new Option<int>("--seconds") { Description = "How long players go on seeking.", DefaultValueFactory = _ => 20 }, 1, 3600);
        var moveDelay = CommandOptions.Bounded(new Option<int>("--move-delay") { Description = "Milliseconds a player waits before each of its moves.", DefaultValueFactory = _ => 200 }, 0, 10000);
        var json = new Option<bool>("--json") { Description = "Also print the results as one JSON object on the last line." };
        var command = new Command("seek", "Quick play under load: reports pairings per second, seek-to-paired latency (p50, p99), and any player " +
                                          "paired twice at once or with itself.")
        {
            url, players, seconds, moveDelay, json,
        };
        command.SetAction((parse, cancel) => RunAsync(parse.GetValue(url)![0], parse.GetValue(players), parse.GetValue(seconds),
            parse.GetValue(moveDelay), parse.GetValue(json), cancel));
        return command;
    }

    private static async Task<int> RunAsync(string url, int players, int seconds, int moveDelay, bool json, CancellationToken cancel)
    {
        var ws = Endpoints.WebSocket(url, "/ws");
        var tally = new SeekTally();
        var clock = Stopwatch.StartNew();
        var end = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(seconds);
        var broken = 0;
        var runs = Enumerable.Range(0, players).Select(async i =>
        {
            try
            {
                await new SeekPlayer(ws, i, Pools, tally, TimeSpan.FromMilliseconds(moveDelay)).RunAsync(end, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref broken);
                tally.Error(e is SessionBrokenException s ? s.Code : e.GetType().Name);
            }
        });
        await Task.WhenAll(runs);
        var elapsed = clock.Elapsed.TotalSeconds;
        var latency = LatencySummary.OfMilliseconds(tally.Latencies);
        var afterPartner = LatencySummary.OfMilliseconds(tally.AfterPartner);
        var rate = tally.Pairings / elapsed;
        Console.WriteLine($"seek: {players} players in {Pools.Length} pools for {seconds} s ({elapsed:0.0} s with the last games)");
        Console.WriteLine($"  pairings: {tally.Pairings} ({rate:0.0}/s)");
        Console.WriteLine($"  seek to paired: {latency.Text()} ms");
        Console.WriteLine($"  once a partner had sought: {afterPartner.Text()} ms");
        Console.WriteLine($"  paired twice at once: {tally.PairedTwice}; paired with itself: {tally.PairedWithSelf}; players broken: {broken}");
        Console.WriteLine($"  errors: {(tally.Errors.Count == 0 ? "none" : string.Join(", ", tally.Errors.Select(e => $"{e.Key} {e.Value}")))}");
        if (json)
        {
            Console.WriteLine(JsonReport.Line(new
            {
                players, seconds, pairings = tally.Pairings, pairingsPerSecond = Math.Round(rate, 2), latency = latency.Json(), afterPartner = afterPartner.Json(),
                pairedTwice = tally.PairedTwice, pairedWithSelf = tally.PairedWithSelf, broken, errors = tally.Errors,
            }));
        }

        return tally.PairedTwice == 0 && tally.PairedWithSelf == 0 && broken == 0 ? 0 : 1;
    }
}
