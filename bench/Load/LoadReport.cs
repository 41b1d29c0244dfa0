using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>The report of a load run: text, and with <c>--json</c> one JSON object on the last line.</summary>
internal sealed record LoadReport(LoadOptions Options, Uri[] Endpoints, RunMeasure Run)
{
    public void Print(TextWriter output)
    {
        var o = Options;
        var r = Run;
        var played = LatencySummary.Of(r.Logs.Select(l => l.Played));
        var opponent = LatencySummary.Of(r.Logs.Select(l => l.Opponent));
        var spectator = o.Spectators > 0 ? LatencySummary.Of(r.Logs.Select(l => l.Spectator)) : null;
        var native = o.Protocol == Protocol.Native;
        var playedName = native ? "mover's send to its played reply" : "mover's send to its own play event";
        var opponentName = native ? "mover's send to the opponent's move event" : "mover's send to the opponent's play event";
        var protocol = o.Protocol.ToString().ToLowerInvariant();
        output.WriteLine($"load report ({protocol} protocol, {string.Join(", ", Endpoints.Select(u => u.ToString()))})");
        output.WriteLine($"  games            {o.Games} concurrent, {o.Spectators} spectators each; rate " +
                         $"{(o.Rate > 0 ? $"{o.Rate}/s total" : "as fast as answered")}, per-connection cap {(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");
        output.WriteLine($"  duration         {r.Seconds:0.00} s measured, after {o.Warmup:0.##} s of warm-up");
        output.WriteLine($"  games finished   {r.Games} (whole run: {r.GamesIncludingWarmup})");
        output.WriteLine($"  moves            {r.Moves} (whole run: {r.MovesIncludingWarmup})");
        output.WriteLine($"  moves/s          {r.MovesPerSecond:0.0}");
        output.WriteLine($"  latency, ms      {playedName}: {played.Text()}");
        output.WriteLine($"  latency, ms      {opponentName}: {opponent.Text()}");
        if (spectator is not null)
        {
            output.WriteLine($"  latency, ms      mover's send to a spectator's event: {spectator.Text()}");
        }

        r.PrintErrorsAndConnections(output);
        if (!o.Json)
        {
            return;
        }

        output.WriteLine(JsonReport.Line(new
        {
            protocol,
            urls = Endpoints.Select(u => u.ToString()),
            concurrentGames = o.Games,
            spectatorsPerGame = o.Spectators,
            rate = o.Rate,
            connectionRate = o.ConnectionRate,
            warmupSeconds = o.Warmup,
            durationSeconds = Math.Round(r.Seconds, 3),
            games = r.Games,
            moves = r.Moves,
            movesPerSecond = Math.Round(r.MovesPerSecond, 2),
            playedLatencyMs = played.Json(),
            opponentLatencyMs = opponent.Json(),
            spectatorLatencyMs = spectator?.Json(),
            errors = r.Errors,
            errorsByCode = r.ErrorsByCode,
            connections = r.Held,
            peakConnections = r.PeakConnections,
            connectionsOpened = r.ConnectionsOpened,
        }));
    }
}
