using System.Diagnostics;

namespace Connect4.Bench.Common;

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
