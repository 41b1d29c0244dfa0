using Connect4.Runtime.Hosting;

namespace Connect4.Runtime;

/// <summary>
/// Observer liveness from what this node knows: references made here live while their object is registered;
/// references made elsewhere live while their node is in the membership view (standalone, there is no elsewhere).
/// </summary>
internal sealed class ObserverLiveness(ObserverRegistry local, IServiceProvider services) : IObserverLiveness
{
    private ClusterNodeService? _cluster;
    private bool _resolved;

    public bool IsAlive(GrainId observer)
    {
        var node = ObserverRegistry.NodeOf(observer);
        if (node == local.NodeId)
        {
            return local.Contains(observer);
        }

        if (!_resolved)
        {
            _cluster = (ClusterNodeService?)services.GetService(typeof(ClusterNodeService));
            _resolved = true;
        }

        return _cluster?.Membership.View.Find(node) is not null;
    }
}
