using System.Collections.Concurrent;
using System.Diagnostics;

namespace Connect4.Bench.Load;

internal enum Protocol
{
    Native,
    Tutorial,
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

internal static class Delay
{
    /// <summary>Waits until the Stopwatch timestamp <paramref name="when"/> (at once when it is past).</summary>
    public static ValueTask Until(long when, CancellationToken cancel)
    {
        var wait = when - Stopwatch.GetTimestamp();
        if (wait <= 0)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancel));
    }
}

/// <summary>
/// A client-side token bucket per connection, so the load stays within the gateway's per-connection command
/// limit (docs/PROTOCOL.md section 9: 20 a second, bursts of 40) instead of collecting <c>rate-limited</c> errors
/// and a 1008 close. Its burst is one second's worth, half the server's, leaving room for network jitter.
/// Used by one sender at a time.
/// </summary>
internal sealed class CommandBucket(double perSecond)
{
    private double _tokens = Math.Max(1, perSecond);
    private long _last = Stopwatch.GetTimestamp();

    public ValueTask TakeAsync(CancellationToken cancel)
    {
        if (perSecond <= 0)
        {
            return ValueTask.CompletedTask;
        }

        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(Math.Max(1, perSecond), _tokens + (double)(now - _last) / Stopwatch.Frequency * perSecond);
        _last = now;
        _tokens -= 1;
        if (_tokens >= 0)
        {
            return ValueTask.CompletedTask;
        }

        // In debt: wait until the bucket is back at zero.
        return Delay.Until(now + (long)(-_tokens / perSecond * Stopwatch.Frequency), cancel);
    }
}
