using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// Who follows one game: per gateway, a lease, the version of the gateway's list, and the connections it serves.
/// The game calls each gateway once per event; presence and the spectator count are read from here, kept as counts
/// so a crowd's arrival costs each arrival O(1), not a walk over everyone already there.
/// </summary>
/// <remarks>
/// The gateways are saved with the game's state (<see cref="Restore"/>), so a new activation after a silo's death goes
/// on telling them of moves at once; which connections follow, and so presence, it learns from their next renewals.
/// </remarks>
internal sealed class Followers
{
    private readonly Dictionary<GrainId, Gateway> _gateways = [];
    private readonly Dictionary<string, int> _connectionsByViewer = new(StringComparer.Ordinal);
    private readonly int[] _connectionsByRole = new int[3];

    /// <summary>Who a following connection is.</summary>
    public readonly record struct Viewer(string ViewerId, ViewerRole Role);

    /// <summary>The gateways holding a lease, each told of every event (one with no follower left just drops it).</summary>
    public IEnumerable<(IGatewayObserver Gateway, GrainId Id)> Gateways => _gateways.Select(g => (g.Value.Observer, g.Key));

    /// <summary>Whether any gateway holds a lease (an empty one included), so leases need checking.</summary>
    public bool Any => _gateways.Count > 0;

    public Presence Current() => new(
        _connectionsByRole[(int)ViewerRole.Red] > 0,
        _connectionsByRole[(int)ViewerRole.Yellow] > 0,
        _connectionsByRole[(int)ViewerRole.Spectator]);

    public bool IsFollowing(string viewerId) => _connectionsByViewer.ContainsKey(viewerId);

    /// <summary>Takes back a gateway saved by an earlier activation, with a fresh lease and no connections known yet.</summary>
    public void Restore(IGatewayObserver observer, DateTimeOffset expires) => Renew(observer, expires);

    /// <summary>Adds (or re-adds) one connection and renews its gateway's lease.</summary>
    public void Add(IGatewayObserver observer, long version, long connectionId, Viewer viewer, DateTimeOffset expires)
    {
        var gateway = Renew(observer, expires);
        gateway.Version = Math.Max(gateway.Version, version);
        Put(gateway, connectionId, viewer);
    }

    /// <summary>Removes one connection. A gateway left with none stays until its lease lapses, keeping its version.</summary>
    public void Remove(IGatewayObserver observer, long version, long connectionId)
    {
        if (_gateways.TryGetValue(observer.GetGrainId(), out var gateway))
        {
            gateway.Version = Math.Max(gateway.Version, version);
            Take(gateway, connectionId);
        }
    }

    /// <summary>
    /// Renews a gateway's lease with its whole list, which replaces the one held unless a later version (a
    /// subscription or a departure that overtook this renewal) was seen already.
    /// </summary>
    public void Replace(IGatewayObserver observer, long version, IEnumerable<(long ConnectionId, Viewer Viewer)> connections, DateTimeOffset expires)
    {
        var gateway = Renew(observer, expires);
        if (version < gateway.Version)
        {
            return;
        }

        gateway.Version = version;
        var wanted = connections.ToDictionary(c => c.ConnectionId, c => c.Viewer);
        foreach (var connectionId in gateway.Connections.Keys.Where(id => !wanted.ContainsKey(id)).ToList())
        {
            Take(gateway, connectionId);
        }

        foreach (var (connectionId, viewer) in wanted)
        {
            Put(gateway, connectionId, viewer);
        }
    }

    /// <summary>Drops the gateways whose lease lapsed (they died, or lost touch); returns how many.</summary>
    public int RemoveExpired(DateTimeOffset now)
    {
        var expired = _gateways.Where(g => g.Value.Expires <= now).ToList();
        foreach (var (id, gateway) in expired)
        {
            foreach (var connectionId in gateway.Connections.Keys.ToList())
            {
                Take(gateway, connectionId);
            }

            _gateways.Remove(id);
        }

        return expired.Count;
    }

    private Gateway Renew(IGatewayObserver observer, DateTimeOffset expires)
    {
        var id = observer.GetGrainId();
        if (!_gateways.TryGetValue(id, out var gateway))
        {
            gateway = _gateways[id] = new Gateway(observer);
        }

        gateway.Expires = expires;
        return gateway;
    }

    private void Put(Gateway gateway, long connectionId, Viewer viewer)
    {
        if (gateway.Connections.TryGetValue(connectionId, out var old))
        {
            if (old == viewer)
            {
                return;
            }

            Take(gateway, connectionId);
        }

        gateway.Connections[connectionId] = viewer;
        _connectionsByRole[(int)viewer.Role]++;
        _connectionsByViewer[viewer.ViewerId] = _connectionsByViewer.GetValueOrDefault(viewer.ViewerId) + 1;
    }

    private void Take(Gateway gateway, long connectionId)
    {
        if (!gateway.Connections.Remove(connectionId, out var viewer))
        {
            return;
        }

        _connectionsByRole[(int)viewer.Role]--;
        if (--_connectionsByViewer[viewer.ViewerId] == 0)
        {
            _connectionsByViewer.Remove(viewer.ViewerId);
        }
    }

    private sealed class Gateway(IGatewayObserver observer)
    {
        public IGatewayObserver Observer { get; } = observer;
        public long Version { get; set; } = long.MinValue;
        public DateTimeOffset Expires { get; set; }
        public Dictionary<long, Viewer> Connections { get; } = [];
    }
}
