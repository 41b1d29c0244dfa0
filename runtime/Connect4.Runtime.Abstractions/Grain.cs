namespace Connect4.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one instance per activation and calls it one
/// turn at a time: no two calls, timer ticks included, run at once unless a method is marked
/// <see cref="AlwaysInterleaveAttribute"/>.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal IGrainContext Context
    {
        get => _context ?? throw new InvalidOperationException("This grain was not created by the runtime.");
        set => _context = value;
    }

    /// <summary>The factory to reach other grains from this one.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>This grain's key.</summary>
    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Runs as the first turn of an activation, after persistent state was read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn of an activation (idle collection, shutdown, or <see cref="DeactivateOnIdle"/>).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Calls <paramref name="callback"/> as a turn of this activation after <paramref name="dueTime"/>, then
    /// every <paramref name="period"/> measured from the end of the previous tick
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: once). The timer ends with the activation or when disposed.
    /// </summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterTimer(callback, dueTime, period);

    /// <summary>Deactivates this activation once the current turn ends.</summary>
    protected void DeactivateOnIdle() => Context.Deactivate(DeactivationReason.ApplicationRequested);
}

/// <summary>Why an activation ends.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than the collection age.</summary>
    IdleCollection,
    /// <summary>The grain asked for it.</summary>
    ApplicationRequested,
    /// <summary>The node is shutting down.</summary>
    ShuttingDown,
    /// <summary>Another activation wrote the grain's state; this one is stale.</summary>
    InconsistentState,
    /// <summary>Activation failed.</summary>
    ActivationFailed,
}

/// <summary>What the runtime gives each grain instance: its id, its factory, its timers.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }
    IGrainFactory GrainFactory { get; }
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);
    void Deactivate(DeactivationReason reason);
}
