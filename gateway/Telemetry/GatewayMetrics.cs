using System.Diagnostics.Metrics;

namespace Connect4.Gateway.Telemetry;

/// <summary>
/// The gateway's own figures (meter <see cref="MeterName"/>): connections, commands and their latency, events fanned out
/// to sockets and dropped, slow and flooding clients. Exported at <c>/metrics</c> (README, "Metrics"). Tags take values
/// from fixed sets only (dialects, command types of the command tables, error codes), never from what a client sent.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Connect4.Gateway";

    /// <summary>Seconds: a command answered from the gateway takes microseconds, one that waits for Redis milliseconds.</summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _commands;
    private readonly Histogram<double> _commandDuration;
    private readonly Counter<long> _fannedOut;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _overflows;
    private readonly Counter<long> _rateLimited;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("connect4.connections", "{connection}", "Open WebSocket connections, by dialect (native, tutorial).");
        _commands = meter.CreateCounter<long>("connect4.commands", "{command}", "Commands run, by type and outcome (ok, or the error code).");
        _commandDuration = meter.CreateHistogram("connect4.command.duration", "s", "Time from reading a command to its reply being queued, by type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _fannedOut = meter.CreateCounter<long>("connect4.events.fanned_out", "{event}", "Game events handed to this gateway's connections (one per event per connection).");
        _dropped = meter.CreateCounter<long>("connect4.events.dropped", "{event}",
            "Game events not sent: for a game no connection here follows (not-followed), or to a connection closing (connection-closed).");
        _overflows = meter.CreateCounter<long>("connect4.send_queue.overflows", "{connection}", "Connections closed with 1008 because they did not read their messages.");
        _rateLimited = meter.CreateCounter<long>("connect4.rate_limit.refusals", "{command}", "Commands refused rate-limited, by dialect.");
    }

    public void ConnectionOpened(string dialect) => _connections.Add(1, Dialect(dialect));

    public void ConnectionClosed(string dialect) => _connections.Add(-1, Dialect(dialect));

    /// <summary>A command ran: <paramref name="outcome"/> is <c>ok</c> or its error code.</summary>
    public void CommandRan(string type, string outcome, TimeSpan took)
    {
        var typeTag = new KeyValuePair<string, object?>("type", type);
        _commands.Add(1, typeTag, new KeyValuePair<string, object?>("outcome", outcome));
        _commandDuration.Record(took.TotalSeconds, typeTag);
    }

    public void EventsFannedOut(int count) => _fannedOut.Add(count);

    public void EventsDropped(int count, string reason) => _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void SendQueueOverflowed() => _overflows.Add(1);

    public void RateLimited(string dialect) => _rateLimited.Add(1, Dialect(dialect));

    private static KeyValuePair<string, object?> Dialect(string dialect) => new("dialect", dialect);
}
