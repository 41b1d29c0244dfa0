namespace Connect4.Runtime.Activations;

/// <summary>
/// A grain timer: each tick is queued as a turn of its activation, so it never overlaps a call. The next
/// tick is armed when the previous one finishes, so a slow callback never piles up ticks.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly ITimer _timer;
    private volatile bool _disposed;

    public GrainTimer(Activation activation, TimeProvider time, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _timer = time.CreateTimer(_ => Enqueue(), null, dueTime, Timeout.InfiniteTimeSpan);
    }

    private void Enqueue()
    {
        if (!_disposed && !_activation.TryEnqueue(new TimerItem(this)))
        {
            Dispose();
        }
    }

    public async Task TickAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await _callback(_activation.Stopping);
        }
        catch (Exception e)
        {
            _activation.TimerFailed(e);
        }

        if (!_disposed && _period != Timeout.InfiniteTimeSpan)
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }
}
