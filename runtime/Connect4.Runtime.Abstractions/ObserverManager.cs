namespace Connect4.Runtime;

/// <summary>
/// The observers a grain keeps, each with some state of the grain's choosing, and an expiry: a subscription
/// not renewed (by subscribing again) within <see cref="ExpirationDuration"/> is dropped. Notifications fan
/// out in parallel with a deadline per observer, so one slow or dead subscriber never holds up the others;
/// an observer whose call fails is dropped.
/// </summary>
/// <remarks>
/// Not thread-safe: use it from the owning grain's turns, which never overlap. A lone subscription (a player's
/// one connection, the usual case) is kept in a field; the table is made for a second one.
/// </remarks>
public sealed class ObserverManager<TObserver, TState>(TimeSpan expirationDuration, TimeSpan notifyTimeout, TimeProvider? timeProvider = null)
    where TObserver : class, IAddressable
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private Dictionary<GrainId, Entry>? _entries;
    private GrainId _singleId;
    private Entry? _single;

    /// <summary>How long a subscription lives without renewal.</summary>
    public TimeSpan ExpirationDuration { get; } = expirationDuration;

    /// <summary>How long one observer may take to accept one notification.</summary>
    public TimeSpan NotifyTimeout { get; } = notifyTimeout;

    /// <summary>The number of subscriptions, expired ones included until the next <see cref="RemoveExpired"/>.</summary>
    public int Count => _entries?.Count ?? (_single is null ? 0 : 1);

    /// <summary>The live subscriptions.</summary>
    public IEnumerable<(TObserver Observer, TState State)> Subscriptions =>
        Entries.Select(kv => (kv.Value.Observer, kv.Value.State));

    /// <summary>Every subscription, by observer id.</summary>
    private IEnumerable<KeyValuePair<GrainId, Entry>> Entries
    {
        get
        {
            if (_entries is not null)
            {
                return _entries;
            }

            return _single is null ? [] : [new KeyValuePair<GrainId, Entry>(_singleId, _single)];
        }
    }

    /// <summary>Adds or renews a subscription; returns true when it is new.</summary>
    public bool Subscribe(TObserver observer, TState state)
    {
        var id = observer.GetGrainId();
        var entry = new Entry(observer, state, _time.GetUtcNow());
        if (_entries is not null)
        {
            var isNew = !_entries.ContainsKey(id);
            _entries[id] = entry;
            return isNew;
        }

        if (_single is null || _singleId == id)
        {
            var isNew = _single is null;
            (_singleId, _single) = (id, entry);
            return isNew;
        }

        // A second subscriber: from now on they live in the table, in the order they came.
        _entries = new Dictionary<GrainId, Entry> { [_singleId] = _single, [id] = entry };
        (_singleId, _single) = (default, null);
        return true;
    }

    /// <summary>Removes a subscription; returns its state, or default when there was none.</summary>
    public bool Unsubscribe(TObserver observer, out TState? state)
    {
        if (Remove(observer.GetGrainId()) is { } entry)
        {
            state = entry.State;
            return true;
        }

        state = default;
        return false;
    }

    /// <summary>Whether <paramref name="observer"/> is subscribed.</summary>
    public bool Contains(TObserver observer)
    {
        var id = observer.GetGrainId();
        return _entries?.ContainsKey(id) ?? (_single is not null && _singleId == id);
    }

    /// <summary>Drops the subscriptions whose observer <paramref name="isAlive"/> says is gone, and returns them.</summary>
    public IReadOnlyList<(TObserver Observer, TState State)> RemoveDefunct(Func<GrainId, bool> isAlive) =>
        RemoveWhere(kv => !isAlive(kv.Key));

    /// <summary>Drops subscriptions not renewed in time and returns them.</summary>
    public IReadOnlyList<(TObserver Observer, TState State)> RemoveExpired()
    {
        var now = _time.GetUtcNow();
        return RemoveWhere(kv => now - kv.Value.LastRenewed > ExpirationDuration);
    }

    private List<(TObserver Observer, TState State)> RemoveWhere(Func<KeyValuePair<GrainId, Entry>, bool> predicate)
    {
        if (Count == 0)
        {
            return [];
        }

        var removed = Entries.Where(predicate).ToList();
        foreach (var kv in removed)
        {
            Remove(kv.Key);
        }

        return removed.ConvertAll(kv => (kv.Value.Observer, kv.Value.State));
    }

    /// <summary>Removes the subscription of <paramref name="id"/>; returns it, or null when there was none.</summary>
    private Entry? Remove(GrainId id)
    {
        if (_entries is not null)
        {
            return _entries.Remove(id, out var entry) ? entry : null;
        }

        if (_single is not null && _singleId == id)
        {
            var entry = _single;
            (_singleId, _single) = (default, null);
            return entry;
        }

        return null;
    }

    /// <summary>
    /// Sends a notification to every subscriber whose state matches <paramref name="filter"/>, in parallel,
    /// each with <see cref="NotifyTimeout"/>. Subscribers whose call failed are dropped and returned.
    /// </summary>
    public async Task<IReadOnlyList<(TObserver Observer, TState State)>> Notify(
        Func<TObserver, TState, Task> notification, Func<TState, bool>? filter = null)
    {
        var targets = Entries.Select(kv => kv.Value).Where(e => filter is null || filter(e.State)).ToList();
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
                Remove(entry.Observer.GetGrainId());
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
