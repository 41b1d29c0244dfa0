using System.Collections.Concurrent;
using System.Reflection;
using Connect4.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Connect4.Runtime.Activations;

/// <summary>
/// One activation of a grain: its instance and its queue of turns.
/// </summary>
/// <remarks>
/// Turns run one at a time, in the order they were queued, on a pump that runs only while there is work
/// (an idle activation holds no thread and no task). <c>_lock</c> guards the queue (<c>_next</c>, the oldest item,
/// and <c>_later</c>, made for a second item waiting), <c>_pumping</c> and
/// <c>_state</c>; turns themselves run outside it. The first turn activates the grain (construct, read state,
/// <c>OnActivateAsync</c>); a deactivation is a turn too, after which every queued call is handed back to its
/// caller to retry on a fresh activation, so there is never more than one activation of a grain in a catalog.
/// An activation exists for every grain a silo hosts (one per connected player), so what is seldom used is made on
/// first use: the timers' list, the stopping token's source and the task of <see cref="Ended"/>; <c>_lock</c> guards
/// them too.
/// </remarks>
internal sealed class Activation : IGrainContext
{
    private static readonly ConcurrentDictionary<Type, bool> ActivateOverrides = new();

    private readonly Lock _lock = new();
    private WorkItem? _next;
    private Queue<WorkItem>? _later;
    private readonly Catalog _catalog;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _ended;
    private bool _hasEnded;
    private CancellationTokenSource? _stopping;
    private bool _stopped;
    private bool _pumping;
    private State _state = State.Created;
    private Grain? _grain;
    private long _lastActiveTicks;
    private DeactivationReason? _deactivationRequested;

    public Activation(GrainId id, Catalog catalog)
    {
        GrainId = id;
        _catalog = catalog;
        _lastActiveTicks = catalog.Time.GetUtcNow().UtcTicks;
    }

    private enum State
    {
        Created,
        Valid,
        Deactivating,
        Invalid,
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _catalog.Factory;

    /// <summary>Completes when the activation has ended (deactivated, or failed to activate) and left the catalog.</summary>
    public Task Ended
    {
        get
        {
            lock (_lock)
            {
                if (_hasEnded)
                {
                    return Task.CompletedTask;
                }

                _ended ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _ended.Task;
            }
        }
    }

    /// <summary>Cancelled when the activation starts to deactivate.</summary>
    public CancellationToken Stopping
    {
        get
        {
            lock (_lock)
            {
                if (_stopped)
                {
                    return new CancellationToken(canceled: true);
                }

                _stopping ??= new CancellationTokenSource();
                return _stopping.Token;
            }
        }
    }

    /// <summary>Queues a turn; false when the activation is ending (wait for <see cref="Ended"/> and use a new one).</summary>
    public bool TryEnqueue(WorkItem item)
    {
        lock (_lock)
        {
            if (_state >= State.Deactivating)
            {
                return false;
            }

            if (_next is null)
            {
                _next = item;
            }
            else
            {
                (_later ??= new Queue<WorkItem>()).Enqueue(item);
            }

            if (_pumping)
            {
                return true;
            }

            _pumping = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static a => _ = a.PumpAsync(), this, preferLocal: false);
        return true;
    }

    /// <summary>Starts an interleaving call at once, if the activation is ready; false otherwise (queue it).</summary>
    public bool TryRunInterleaved(CallItem item)
    {
        lock (_lock)
        {
            if (_state != State.Valid)
            {
                return false;
            }
        }

        _ = RunCallAsync(item);
        return true;
    }

    /// <summary>True when nothing ran or waited for at least <paramref name="age"/>.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan age)
    {
        lock (_lock)
        {
            if (_state != State.Valid || _pumping || _next is not null)
            {
                return false;
            }
        }

        return now.UtcTicks - Interlocked.Read(ref _lastActiveTicks) >= age.Ticks;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            WorkItem item;
            lock (_lock)
            {
                if (_next is null)
                {
                    _pumping = false;
                    return;
                }

                item = _next;
                _next = _later is { Count: > 0 } later ? later.Dequeue() : null;
            }

            if (_state == State.Created && !await ActivateAsync(item))
            {
                return;
            }

            await item.RunAsync(this);
            if (_deactivationRequested is { } reason && _state == State.Valid)
            {
                await DeactivateAsync(reason);
            }

            if (_state == State.Invalid)
            {
                return;
            }
        }
    }

    private async Task<bool> ActivateAsync(WorkItem first)
    {
        try
        {
            var (grain, states) = _catalog.Activator.Create(this);
            _grain = grain;
            foreach (var state in states)
            {
                await state.ReadStateAsync();
            }

            // The base method ignores its token: a grain that does not override it does not need the source made.
            await grain.OnActivateAsync(OverridesOnActivate(grain.GetType()) ? Stopping : CancellationToken.None);
            lock (_lock)
            {
                _state = State.Valid;
            }

            _catalog.Log.Activated(GrainId);
            return true;
        }
        catch (Exception e)
        {
            e = Unwrap(e);
            _catalog.Log.ActivationFailed(e, GrainId);
            first.Fail(e);
            foreach (var leftover in End())
            {
                leftover.Fail(e);
            }

            Finish();
            return false;
        }
    }

    /// <summary>Runs one call as this turn (or, for interleaving methods, beside the current turn).</summary>
    public async Task RunCallAsync(CallItem item)
    {
        var now = _catalog.Time.GetUtcNow();
        if (now > item.Request.Deadline)
        {
            _catalog.Log.ExpiredCallDropped(item.Method.ToString(), GrainId);
            item.Complete(new InvokeResponse(null, _catalog.Serializer.SerializeException(
                new TimeoutException($"{item.Method} on {GrainId} expired before its turn came."))));
            return;
        }

        try
        {
            var args = _catalog.Serializer.DeserializeArguments(item.Request.Arguments, item.Method.Parameters);
            var task = (Task)item.Method.Invoker.Invoke(_grain, new Span<object?>(args))!;
            await task;
            item.Complete(item.Method.ResultType is null
                ? InvokeResponse.Empty
                : new InvokeResponse(_catalog.Serializer.Serialize(TaskResults.Get(task), item.Method.ResultType), null));
        }
        catch (Exception e) when (Unwrap(e) is InconsistentStateException conflict)
        {
            // Another activation wrote this grain's state: this one is stale. End it and let the caller
            // retry where the grain now lives.
            _catalog.Log.StaleActivation(conflict, GrainId);
            _deactivationRequested = DeactivationReason.InconsistentState;
            item.Reroute();
        }
        catch (Exception e)
        {
            item.Complete(new InvokeResponse(null, _catalog.Serializer.SerializeException(Unwrap(e))));
        }
        finally
        {
            Interlocked.Exchange(ref _lastActiveTicks, _catalog.Time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>The deactivation turn: hand queued calls back, stop timers, run <c>OnDeactivateAsync</c>, leave the catalog.</summary>
    public async Task DeactivateAsync(DeactivationReason reason)
    {
        if (_state != State.Valid)
        {
            return;
        }

        foreach (var leftover in End())
        {
            leftover.Reroute();
        }

        DisposeTimers();
        if (Stop() is { } stopping)
        {
            await stopping.CancelAsync();
        }

        try
        {
            await _grain!.OnDeactivateAsync(reason, CancellationToken.None).WaitAsync(_catalog.Options.DeactivationTimeout, _catalog.Time);
        }
        catch (Exception e)
        {
            _catalog.Log.DeactivationFailed(Unwrap(e), GrainId, reason);
        }

        _catalog.Log.Deactivated(GrainId, reason);
        Finish();
    }

    private List<WorkItem> End()
    {
        lock (_lock)
        {
            _state = State.Deactivating;
            var leftovers = new List<WorkItem>();
            if (_next is not null)
            {
                leftovers.Add(_next);
                leftovers.AddRange(_later ?? []);
            }

            _next = null;
            _later = null;
            return leftovers;
        }
    }

    private void Finish()
    {
        lock (_lock)
        {
            _state = State.Invalid;
        }

        _catalog.Remove(this);
        SignalEnded();
    }

    /// <summary>Completes <see cref="Ended"/> (and makes it complete from now on).</summary>
    private void SignalEnded()
    {
        TaskCompletionSource? ended;
        lock (_lock)
        {
            _hasEnded = true;
            ended = _ended;
        }

        ended?.TrySetResult();
    }

    /// <summary>Marks the activation stopping; returns the token source to cancel, if anyone asked for the token.</summary>
    private CancellationTokenSource? Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            return _stopping;
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    /// <summary>Ends the activation without running anything more: queued calls fail (a simulated crash).</summary>
    public void Abandon()
    {
        foreach (var leftover in End())
        {
            leftover.Fail(new SiloUnavailableException($"The silo hosting {GrainId} stopped."));
        }

        DisposeTimers();
        lock (_lock)
        {
            _state = State.Invalid;
        }

        Stop()?.Cancel();
        SignalEnded();
    }

    public IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GrainTimer(this, _catalog.Time, callback, dueTime, period);
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }

        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    internal void TimerFailed(Exception e) => _catalog.Log.TimerFailed(Unwrap(e), GrainId);

    /// <summary>From a turn: deactivate when the turn ends. From elsewhere: queue a deactivation turn.</summary>
    public void Deactivate(DeactivationReason reason) => _deactivationRequested = reason;

    /// <summary>Queues a deactivation turn (for the collector and shutdown).</summary>
    public bool RequestDeactivation(DeactivationReason reason) => TryEnqueue(new DeactivateItem(reason));

    private static bool OverridesOnActivate(Type grainClass) =>
        ActivateOverrides.GetOrAdd(grainClass, static type =>
            type.GetMethod(nameof(Grain.OnActivateAsync), [typeof(CancellationToken)])?.DeclaringType != typeof(Grain));

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;
}
