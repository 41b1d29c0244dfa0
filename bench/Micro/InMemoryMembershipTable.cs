using Connect4.Runtime.Membership;

namespace Connect4.Bench.Micro;

/// <summary>
/// A membership table in this process's memory, for several silos of one process to share (the cluster uses
/// <c>RedisMembershipTable</c>). A heartbeat lives for its time to live by <see cref="TimeProvider"/>'s clock;
/// reading drops the records whose heartbeat lapsed, as the Redis table does, and announces that change.
/// Change notifications call every subscriber, the announcing node's own included (as Redis pub/sub does).
/// </summary>
public sealed class InMemoryMembershipTable(TimeProvider? time = null) : IMembershipTable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (NodeInfo Node, DateTimeOffset Expires)> _nodes = new(StringComparer.Ordinal);
    private readonly List<Action> _subscribers = [];

    public Task HeartbeatAsync(NodeInfo self, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A heartbeat's time to live must be positive.");
        }

        lock (_lock)
        {
            _nodes[self.NodeId] = (self, _time.GetUtcNow() + ttl);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<NodeInfo>> ReadLiveAsync()
    {
        var now = _time.GetUtcNow();
        List<NodeInfo> live;
        bool anyDead;
        lock (_lock)
        {
            var dead = _nodes.Where(n => n.Value.Expires <= now).Select(n => n.Key).ToList();
            foreach (var id in dead)
            {
                _nodes.Remove(id);
            }

            anyDead = dead.Count > 0;
            live = _nodes.Values.Select(n => n.Node).ToList();
        }

        if (anyDead)
        {
            await NotifyChangedAsync();
        }

        return live;
    }

    public Task RemoveAsync(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        lock (_lock)
        {
            _nodes.Remove(nodeId);
        }

        return Task.CompletedTask;
    }

    public Task NotifyChangedAsync()
    {
        Action[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }

        // Off the caller's stack, as a pub/sub message would arrive; a failing handler does not stop the others.
        foreach (var subscriber in subscribers)
        {
            ThreadPool.QueueUserWorkItem(static s =>
            {
                try
                {
                    s();
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine($"A membership change handler failed: {e.Message}");
                }
            }, subscriber, preferLocal: false);
        }

        return Task.CompletedTask;
    }

    public Task SubscribeAsync(Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        lock (_lock)
        {
            _subscribers.Add(onChanged);
        }

        return Task.CompletedTask;
    }
}
