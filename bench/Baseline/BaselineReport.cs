using Connect4.Bench.Common;
using Connect4.Bench.Load;

namespace Connect4.Bench.Baseline;

/// <summary>The figures of a baseline run, printed in load's layout: a move is a message and its echo.</summary>
internal sealed record BaselineReport(LoadOptions Options, Uri Endpoint, RunMeasure Run)
{
    public void Print(TextWriter output)
    {
        var o = Options;
        var r = Run;
        var roundTrip = LatencySummary.Of(r.Logs.Select(l => l.Played));
        output.WriteLine($"baseline report (WebSocket echo server in its own process, {Endpoint})");
        output.WriteLine($"  games            {o.Games} concurrent, 2 sockets each taking turns; rate " +
                         $"{(o.Rate > 0 ? $"{o.Rate}/s total" : "as fast as echoed")}, per-connection cap {(o.ConnectionRate > 0 ? $"{o.ConnectionRate}/s" : "none")}");
        output.WriteLine($"  duration         {r.Seconds:0.00} s measured, after {o.Warmup:0.##} s of warm-up");
        output.WriteLine($"  messages         {r.Moves} echoed (whole run: {r.MovesIncludingWarmup})");
        output.WriteLine($"  messages/s       {r.MovesPerSecond:0.0}");
        output.WriteLine($"  latency, ms      round trip, send to its echo: {roundTrip.Text()}");
        r.PrintErrorsAndConnections(output);
        if (!o.Json)
        {
            return;
        }

        output.WriteLine(JsonReport.Line(new
        {
            server = "echo",
            url = Endpoint.ToString(),
            concurrentGames = o.Games,
            rate = o.Rate,
            connectionRate = o.ConnectionRate,
            warmupSeconds = o.Warmup,
            durationSeconds = Math.Round(r.Seconds, 3),
            messages = r.Moves,
            messagesPerSecond = Math.Round(r.MovesPerSecond, 2),
            roundTripLatencyMs = roundTrip.Json(),
            errors = r.Errors,
            errorsByCode = r.ErrorsByCode,
            connections = r.Held,
            peakConnections = r.PeakConnections,
            connectionsOpened = r.ConnectionsOpened,
        }));
    }
}
