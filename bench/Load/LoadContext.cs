using System.Collections.Concurrent;
using System.Diagnostics;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

internal enum Protocol
{
    Native,
    Tutorial,
}

internal static class ProtocolExtensions
{
    /// <summary>The gateway's endpoint of the dialect: <c>/ws</c> (native) or <c>/</c> (tutorial).</summary>
    public static string EndpointPath(this Protocol protocol) => protocol == Protocol.Native ? "/ws" : "/";
}

internal sealed record LoadOptions(
    IReadOnlyList<string> Urls,
    int Games,
    double Seconds,
    double Rate,
    Protocol Protocol,
    int Spectators,
    bool Json,
    double Warmup,
    double ConnectionRate,
    double Timeout,
    int? Seed);

/// <summary>What every game of a run shares: the options, the clock, the counters and the pacing of moves.</summary>
internal sealed class LoadContext(LoadOptions options)
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly long _rateInterval = options.Rate > 0 ? Math.Max(1, (long)(Stopwatch.Frequency / options.Rate)) : 0;
    private long _nextSlot;
    private int _seed = options.Seed ?? Random.Shared.Next();

    // Counters, updated with Interlocked by the games and read by the progress line.
    public long MovesTotal;
    public long MovesMeasured;
    public long GamesTotal;
    public long GamesMeasured;
    public long ErrorsTotal;
    public int OpenConnections;
    public int PeakConnections;
    public long ConnectionsOpened;
    /// <summary>Connections open when the measured window ended (set by the monitor), -1 before.</summary>
    public int ConnectionsAtEnd = -1;

    public LoadOptions Options { get; } = options;

    public TimeSpan MoveTimeout { get; } = TimeSpan.FromSeconds(options.Timeout);

    /// <summary>Stopwatch timestamps: when the games start, when figures start counting (after the warm-up), and when
    /// the run stops starting moves.</summary>
    public long Start { get; private set; }

    public long MeasureStart { get; private set; }

    public long End { get; private set; } = long.MaxValue;

    public IReadOnlyDictionary<string, long> ErrorsByCode => _errors;

    public void StartClock()
    {
        Start = Stopwatch.GetTimestamp();
        MeasureStart = Start + (long)(Options.Warmup * Stopwatch.Frequency);
        End = MeasureStart + (long)(Options.Seconds * Stopwatch.Frequency);
        _nextSlot = Start;
    }

    public bool TimeUp => Stopwatch.GetTimestamp() >= End;

    /// <summary>True for a move sent within the measured window.</summary>
    public bool Measured(long sentAt) => sentAt >= MeasureStart && sentAt < End;

    public Random NewRandom() => new(Interlocked.Increment(ref _seed));

    public void Error(string code)
    {
        Interlocked.Increment(ref ErrorsTotal);
        _errors.AddOrUpdate(code, 1, static (_, n) => n + 1);
    }

    public void Connected()
    {
        Interlocked.Increment(ref ConnectionsOpened);
        var open = Interlocked.Increment(ref OpenConnections);
        int peak;
        while (open > (peak = Volatile.Read(ref PeakConnections)) && Interlocked.CompareExchange(ref PeakConnections, open, peak) != peak)
        {
        }
    }

    public void Disconnected() => Interlocked.Decrement(ref OpenConnections);

    /// <summary>Waits for the next slot of the total <c>--rate</c> (no wait without one).</summary>
    public ValueTask PaceAsync(CancellationToken cancel)
    {
        if (_rateInterval == 0)
        {
            return ValueTask.CompletedTask;
        }

        var now = Stopwatch.GetTimestamp();
        long slot;
        long current;
        do
        {
            current = Volatile.Read(ref _nextSlot);
            // Slots left unused (every game busy waiting for answers) are not owed: no catching up in a burst,
            // so the total never exceeds --rate.
            slot = Math.Max(current, now);
        }
        while (Interlocked.CompareExchange(ref _nextSlot, slot + _rateInterval, current) != current);

        return Delay.Until(slot, cancel);
    }
}
