using Connect4.Bench.Common;

namespace Connect4.Bench.Clocks;

/// <summary>The <c>clocks</c> subcommand: against a running gateway, or (<c>--kill</c>) the local cluster with a silo SIGKILLed.</summary>
internal static class ClocksRun
{
    public static async Task<int> RunAsync(ClocksOptions o, CancellationToken cancel)
    {
        if (o.Kill)
        {
            return await ClocksKillRun.RunAsync(o, cancel);
        }

        var outcomes = await PlayAsync(Endpoints.WebSocket(o.Url, "/ws"), o, beforeDeadlines: null, cancel);
        ClocksReport.Print(o, o.Url, outcomes, victim: null);
        return outcomes.All(r => r.Failure is null && r.Reason == "timeout") ? 0 : 1;
    }

    /// <summary>
    /// Starts the games (16 at a time), waits until each knows its deadline, runs <paramref name="beforeDeadlines"/> (the
    /// kill), then waits for every game's end; closes every socket.
    /// </summary>
    public static async Task<List<ClockOutcome>> PlayAsync(Uri ws, ClocksOptions o, Func<IReadOnlyList<ClocksGame>, Task>? beforeDeadlines, CancellationToken cancel)
    {
        var random = new Random(13);
        var games = Enumerable.Range(0, o.Games).Select(_ => new ClocksGame(ws, new Random(random.Next()), TimeSpan.FromSeconds(30))).ToList();
        try
        {
            await Parallel.ForEachAsync(games, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancel },
                async (g, ct) => await g.StartAsync(o.Initial, 0, ct));
            await Task.WhenAny(Task.WhenAll(games.Select(g => g.Deadline)), Task.Delay(TimeSpan.FromSeconds(10), cancel));
            var known = games.Where(g => g.Deadline.IsCompleted).Select(g => g.Deadline.Result).ToList();
            await Console.Error.WriteLineAsync($"clocks: {games.Count} games started; deadlines from {Span(known)}");
            if (beforeDeadlines is not null)
            {
                await beforeDeadlines(games);
            }

            var limit = (known.Count > 0 ? known.Max() : DateTimeOffset.UtcNow) + TimeSpan.FromSeconds(o.Timeout);
            return [.. await Task.WhenAll(games.Select(g => g.OutcomeAsync(limit)))];
        }
        finally
        {
            await Task.WhenAll(games.Select(g => g.CloseAsync()));
        }
    }

    private static string Span(List<DateTimeOffset> deadlines) => deadlines.Count == 0
        ? "none known"
        : $"{(deadlines.Min() - DateTimeOffset.UtcNow).TotalSeconds:0.0} s to {(deadlines.Max() - DateTimeOffset.UtcNow).TotalSeconds:0.0} s from now";
}
