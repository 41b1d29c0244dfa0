namespace Connect4.Gateway.Transport;

/// <summary>
/// A token bucket per connection (a sustained rate with a burst), plus a count of refusals over a window so
/// that a client that keeps flooding can be told apart from one that spikes. Used by one reader loop only.
/// </summary>
internal sealed class RateLimiter(GatewayOptions options, TimeProvider time)
{
    private double _tokens = options.CommandBurst;
    private long _lastRefill = time.GetTimestamp();
    private long _windowStart = time.GetTimestamp();
    private int _refusedInWindow;

    public enum Verdict
    {
        Allowed,
        Refused,
        Flooding,
    }

    public Verdict Take()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(options.CommandBurst, _tokens + time.GetElapsedTime(_lastRefill, now).TotalSeconds * options.CommandsPerSecond);
        _lastRefill = now;
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return Verdict.Allowed;
        }

        if (time.GetElapsedTime(_windowStart, now) > options.FloodWindow)
        {
            _windowStart = now;
            _refusedInWindow = 0;
        }

        return ++_refusedInWindow > options.FloodLimit ? Verdict.Flooding : Verdict.Refused;
    }
}
