using Connect4.Runtime.Membership;
using Connect4.Runtime.Transport;
using Microsoft.Extensions.Hosting;

namespace Connect4.Runtime.Hosting;

/// <summary>This node's id. Observer references made here carry it.</summary>
public sealed class NodeIdentity(string nodeId, NodeRole role)
{
    public string NodeId { get; } = nodeId;

    public NodeRole Role { get; } = role;

    public static NodeIdentity New(NodeRole role) =>
        new($"{(role == NodeRole.Silo ? "silo" : "client")}-{Guid.NewGuid():N}"[..(role == NodeRole.Silo ? 17 : 19)], role);
}

/// <summary>A silo alone in its process: starts idle collection; on stop, deactivates every grain.</summary>
internal sealed class StandaloneSiloService(Silo silo, NodeIdentity node, RuntimeLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        silo.StartCollector();
        log.SiloStarted(node.NodeId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => silo.DeactivateAllAsync(node.NodeId);
}

/// <summary>
/// A node in a cluster (a silo, or a client such as a gateway): listens for other nodes, joins membership, and
/// follows it. On stop, a silo first marks itself leaving (no new placements; calls it receives are re-routed),
/// lets the turns in flight finish and deactivates its grains (each persists), then leaves membership.
/// </summary>
public sealed class ClusterNodeService : IHostedLifecycleService
{
    private readonly Silo? _silo;
    private readonly NodeIdentity _node;
    private readonly ClusterOptions _options;
    private readonly MembershipService _membership;
    private readonly NodeListener _listener;
    private readonly NodeConnectionHandler _handler;
    private readonly NodeConnector _connector;
    private readonly ClusterRouter _router;
    private readonly RuntimeLog _log;
    private bool _killed;

    internal ClusterNodeService(Silo? silo, NodeIdentity node, ClusterOptions options, MembershipService membership, NodeListener listener,
        NodeConnectionHandler handler, NodeConnector connector, ClusterRouter router, RuntimeLog log)
    {
        _silo = silo;
        _node = node;
        _options = options;
        _membership = membership;
        _listener = listener;
        _handler = handler;
        _connector = connector;
        _router = router;
        _log = log;
    }

    /// <summary>This node's view of the cluster.</summary>
    public MembershipService Membership => _membership;

    public string NodeId => _node.NodeId;

    /// <summary>The port other nodes reach this one on.</summary>
    public int Port => _listener.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _listener.StartAsync(_options.ListenHost, _options.Port);
        _silo?.StartCollector();
        _membership.ViewChanged += OnViewChanged;
        await _membership.StartAsync(new NodeInfo(_node.NodeId, _node.Role, _options.AdvertisedHost ?? _options.ListenHost, _listener.Port));
        if (_silo is not null)
        {
            _log.SiloStarted(_node.NodeId);
        }
    }

    private void OnViewChanged(MembershipView view)
    {
        if (_silo is not null && !_killed)
        {
            // Grains whose home moved elsewhere end here, so that their next call activates them at their new home.
            _silo.DeactivateWhere(id => Placement.Pick(id, view.ActiveSilos)?.NodeId != _node.NodeId);
        }

        foreach (var gone in _connectorTargets.Except(view.Nodes.Select(n => n.NodeId)).ToList())
        {
            _ = _connector.DropAsync(gone);
        }

        _connectorTargets = view.Nodes.Select(n => n.NodeId).ToHashSet();
    }

    private HashSet<string> _connectorTargets = [];

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_silo is not null && !_killed)
        {
            await _membership.BeginLeaveAsync();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_killed)
        {
            return;
        }

        if (_silo is not null)
        {
            await _silo.DeactivateAllAsync(_node.NodeId);
        }

        await _membership.LeaveAsync();
        await _listener.DisposeAsync();
        await _handler.AbortAllAsync();
        await _connector.DisposeAsync();
    }

    /// <summary>
    /// Simulates a crash: no goodbye to membership (the others notice when the heartbeat lapses), every
    /// connection dropped, every activation forgotten without persisting.
    /// </summary>
    public async Task KillAsync()
    {
        _killed = true;
        _router.IsKilled = true;
        await _membership.AbandonAsync();
        await _listener.DisposeAsync();
        await _handler.AbortAllAsync();
        await _connector.DisposeAsync();
        _silo?.DropAll();
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
