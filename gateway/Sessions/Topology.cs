using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// Tells sessions when the set of silos changed. A grain whose silo died or left comes back elsewhere without
/// the subscriptions it held in memory, so every connection renews its subscriptions at once rather than at
/// its next periodic renewal. In the embedded mode nothing ever changes.
/// </summary>
internal sealed class Topology
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _silos = "";

    public Topology(IServiceProvider services)
    {
        if (services.GetService<ClusterNodeService>() is { } node)
        {
            node.Membership.ViewChanged += OnViewChanged;
        }
    }

    /// <summary>Completes at the next change of the active silos.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    private void OnViewChanged(MembershipView view)
    {
        var silos = string.Join(",", view.ActiveSilos.Select(s => s.NodeId));
        if (Interlocked.Exchange(ref _silos, silos) != silos)
        {
            Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}

/// <summary>The renewal loop both dialects run for their connections' subscriptions.</summary>
internal static class Renewal
{
    /// <summary>Runs <paramref name="renew"/> every <paramref name="period"/> and whenever the silos change, until cancelled.</summary>
    public static async Task RunAsync(Func<Task> renew, TimeSpan period, Topology topology, CancellationToken cancellation)
    {
        while (true)
        {
            await Task.WhenAny(Task.Delay(period, cancellation), topology.Changed.WaitAsync(cancellation));
            cancellation.ThrowIfCancellationRequested();
            await renew();
        }
    }
}
