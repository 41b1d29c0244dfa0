namespace Connect4.Runtime.Membership;

/// <summary>What a node is in the cluster.</summary>
public enum NodeRole
{
    /// <summary>Hosts grains; takes part in placement.</summary>
    Silo,
    /// <summary>Calls grains and hosts observers (a gateway); never hosts grains.</summary>
    Client,
}

/// <summary>A node's state in the membership table.</summary>
public enum NodeStatus
{
    Active,
    /// <summary>Shutting down gracefully: no new placements, calls it receives are re-routed.</summary>
    Leaving,
}

/// <summary>A node as the membership table records it.</summary>
public sealed record NodeInfo(string NodeId, NodeRole Role, string Host, int Port, NodeStatus Status = NodeStatus.Active)
{
    public override string ToString() => $"{NodeId} ({Role}, {Host}:{Port}, {Status})";
}

/// <summary>
/// A snapshot of the live nodes. Every node computes placement from its view; views agree once membership
/// settles, because they are all read from the same table.
/// </summary>
public sealed class MembershipView
{
    public static readonly MembershipView Empty = new(0, []);

    public MembershipView(long version, IEnumerable<NodeInfo> nodes)
    {
        Version = version;
        Nodes = nodes.OrderBy(n => n.NodeId, StringComparer.Ordinal).ToList();
        ActiveSilos = Nodes.Where(n => n is { Role: NodeRole.Silo, Status: NodeStatus.Active }).ToList();
    }

    /// <summary>Increases by one each time this node's view changes.</summary>
    public long Version { get; }

    public IReadOnlyList<NodeInfo> Nodes { get; }

    /// <summary>The silos that take new placements, ordered by id.</summary>
    public IReadOnlyList<NodeInfo> ActiveSilos { get; }

    public NodeInfo? Find(string nodeId) => Nodes.FirstOrDefault(n => n.NodeId == nodeId);

    /// <summary>True when both views hold the same nodes in the same states.</summary>
    public bool SameMembers(MembershipView other) => Nodes.SequenceEqual(other.Nodes);

    public override string ToString() => $"v{Version}: {string.Join(", ", Nodes.Select(n => $"{n.NodeId}/{n.Status}"))}";
}
