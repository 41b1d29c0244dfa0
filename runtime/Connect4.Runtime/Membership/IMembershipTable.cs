namespace Connect4.Runtime.Membership;

/// <summary>
/// Where nodes register and heartbeat (a Redis hash and expiring keys in <c>Connect4.Runtime.Redis</c>).
/// A node whose heartbeat lapses is gone from <see cref="ReadLiveAsync"/>.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Writes this node's record and a heartbeat that lives for <paramref name="ttl"/>.</summary>
    Task HeartbeatAsync(NodeInfo self, TimeSpan ttl);

    /// <summary>The nodes whose heartbeats are live. Records of lapsed nodes are removed on the way.</summary>
    Task<IReadOnlyList<NodeInfo>> ReadLiveAsync();

    /// <summary>Removes a node's record and heartbeat (a graceful leave, or a death this node saw).</summary>
    Task RemoveAsync(string nodeId);

    /// <summary>Tells other nodes that membership changed, so they read it at once.</summary>
    Task NotifyChangedAsync();

    /// <summary>Calls <paramref name="onChanged"/> whenever any node announces a change.</summary>
    Task SubscribeAsync(Action onChanged);
}
