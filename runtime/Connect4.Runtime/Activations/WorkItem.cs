using Connect4.Runtime.Messaging;

namespace Connect4.Runtime.Activations;

/// <summary>One turn of an activation: a call, a timer tick, or the deactivation itself.</summary>
internal abstract class WorkItem
{
    /// <summary>Runs the turn. Exceptions are the item's own business: this never throws.</summary>
    public abstract Task RunAsync(Activation activation);

    /// <summary>The activation ended before this item ran: hand it back so the caller can retry elsewhere.</summary>
    public abstract void Reroute();

    /// <summary>The activation could not start: fail the item with <paramref name="error"/>.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A grain call waiting for its turn.</summary>
internal sealed class CallItem(InvokeRequest request, InterfaceMethod method) : WorkItem
{
    private readonly TaskCompletionSource<InvokeResponse?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InvokeRequest Request { get; } = request;

    public InterfaceMethod Method { get; } = method;

    /// <summary>The response, or null when the call must be retried on a new activation.</summary>
    public Task<InvokeResponse?> Completion => _completion.Task;

    public override Task RunAsync(Activation activation) => activation.RunCallAsync(this);

    public void Complete(InvokeResponse response) => _completion.TrySetResult(response);

    public override void Reroute() => _completion.TrySetResult(null);

    public override void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>A tick of a grain timer.</summary>
internal sealed class TimerItem(GrainTimer timer) : WorkItem
{
    public override Task RunAsync(Activation activation) => timer.TickAsync();

    public override void Reroute()
    {
    }

    public override void Fail(Exception error)
    {
    }
}

/// <summary>Ends the activation when its turn comes.</summary>
internal sealed class DeactivateItem(DeactivationReason reason) : WorkItem
{
    public DeactivationReason Reason { get; } = reason;

    public override Task RunAsync(Activation activation) => activation.DeactivateAsync(Reason);

    public override void Reroute()
    {
    }

    public override void Fail(Exception error)
    {
    }
}
