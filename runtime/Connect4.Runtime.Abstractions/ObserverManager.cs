namespace Connect4.Runtime;

/// <summary>
/// The observers a grain keeps, each with some state of the grain's choosing, and an expiry: a subscription
/// not renewed (by subscribing again) within <see cref="ExpirationDuration"/> is dropped. Notifications fan
/// out in parallel with a deadline per observer, so one slow or dead subscriber never holds up the others;
/// an observer whose call fails is dropped.
/// </summary>
/// <remarks>Not thread-safe: use it from the owning grain's turns, which never overlap.</remarks>
public sealed class ObserverManager<TObserver, TState>(TimeSpan expirationDuration, TimeSpan notifyTimeout, TimeProvider? timeProvider = null)
    where TObserver : class, IAddressable
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<GrainId, Entry> _entries = [];

    /// <summary>How long a subscription lives without renewal.</summary>
    public TimeSpan ExpirationDuration { get; } = expirationDuration;

    /// <summary>How long one observer may take to accept one notification.</summary>
    public TimeSpan NotifyTimeout { get; } = notifyTimeout;

    /// <summary>The number of subscriptions, expired ones included until the next <see cref="RemoveExpired"/>.</summary>
    public int Count => _entries.Count;

    /// <summary>The live subscriptions.</summary>
    public IEnumerable<(TObserver Observer, TState State)> Subscriptions =>
        _entries.Values.Select(e => (e.Observer, e.State));

    /// <summary>Adds or renews a subscription; returns true when it is new.</summary>
    public bool Subscribe(TObserver observer, TState state)
    {
        var id = observer.GetGrainId();
        var isNew = !_entries.ContainsKey(id);
        _entries[id] = new Entry(observer, state, _time.GetUtcNow());
        return isNew;
    }

    /// <summary>Removes a subscription; returns its state, or default when there was none.</summary>
    public bool Unsubscribe(TObserver observer, out TState? state)
    {
        if (_entries.Remove(observer.GetGrainId(), out var entry))
        {
            state = entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>Whether <paramref name="observer"/> is subscribed.</summary>
    public bool Contains(TObserver observer) => _entries.ContainsKey(observer.GetGrainId());

    /// <summary>Drops the subscriptions whose observer <paramref name="isAlive"/> says is gone, and returns them.</summary>
    public IReadOnlyList<(TObserver Observer, TState State)> RemoveDefunct(Func<GrainId, bool> isAlive)
    {
        var defunct = _entries.Where(kv => !isAlive(kv.Key)).ToList();
        foreach (var kv in defunct)
        {
            _entries.Remove(kv.Key);
        }

        return defunct.ConvertAll(kv => (kv.Value.Observer, kv.Value.State));
    }

    /// <summary>Drops subscriptions not renewed in time and returns them.</summary>
    public IReadOnlyList<(TObserver Observer, TState State)> RemoveExpired()
    {
        var now = _time.GetUtcNow();
        var expired = _entries.Where(kv => now - kv.Value.LastRenewed > ExpirationDuration).ToList();
        foreach (var kv in expired)
        {
            _entries.Remove(kv.Key);
        }

        return expired.ConvertAll(kv => (kv.Value.Observer, kv.Value.State));
    }

    /// <summary>
    /// Sends a notification to every subscriber whose state matches <paramref name="filter"/>, in parallel,
    /// each with <see cref="NotifyTimeout"/>. Subscribers whose call failed are dropped and returned.
    /// </summary>
    public async Task<IReadOnlyList<(TObserver Observer, TState State)>> Notify(
        Func<TObserver, TState, Task> notification, Func<TState, bool>? filter = null)
    {
        var targets = _entries.Values.Where(e => filter is null || filter(e.State)).ToList();
        if (targets.Count == 0)
        {
            return [];
        }

        var calls = new Task[targets.Count];
        for (var i = 0; i < targets.Count; i++)
        {
            calls[i] = Deliver(targets[i]);
        }

        await Task.WhenAll(calls).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var failed = new List<(TObserver, TState)>();
        for (var i = 0; i < calls.Length; i++)
        {
            if (!calls[i].IsCompletedSuccessfully)
            {
                var entry = targets[i];
                _entries.Remove(entry.Observer.GetGrainId());
                failed.Add((entry.Observer, entry.State));
            }
        }

        return failed;

        Task Deliver(Entry entry)
        {
            try
            {
                return notification(entry.Observer, entry.State).WaitAsync(NotifyTimeout, _time);
            }
            catch (Exception e)
            {
                return Task.FromException(e);
            }
        }
    }

    private sealed record Entry(TObserver Observer, TState State, DateTimeOffset LastRenewed);
}
