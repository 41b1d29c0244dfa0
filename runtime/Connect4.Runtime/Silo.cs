using Connect4.Runtime.Activations;
using Connect4.Runtime.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Connect4.Runtime;

/// <summary>
/// A node that hosts grains: its catalog of activations, its observer references, the idle collector, and
/// the router that sends each call to the activation or observer it names. As a hosted service it starts
/// the collector and, on stop, deactivates every activation so that each persists before the node leaves.
/// </summary>
public sealed class Silo : IGrainCallRouter, IHostedService, IDisposable
{
    private readonly Catalog _catalog;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly RuntimeLog _log;
    private ITimer? _collector;

    internal Silo(IServiceProvider services, GrainTypeRegistry types, IGrainStorage storage, IOptions<RuntimeOptions> options, TimeProvider time, RuntimeLog log)
    {
        _options = options.Value;
        _options.Validate();
        _time = time;
        _log = log;
        NodeId = $"node-{Guid.NewGuid():N}"[..17];
        Observers = new ObserverRegistry(NodeId, types);
        Factory = new GrainFactory(this, types, Observers, _options, time);
        _catalog = new Catalog(Factory, new GrainActivator(services, types, storage, Factory.Serializer), types, _options, time, log);
    }

    /// <summary>This node's id; observer references made here carry it.</summary>
    public string NodeId { get; }

    /// <summary>The factory and client of this node.</summary>
    public GrainFactory Factory { get; }

    public ObserverRegistry Observers { get; }

    /// <summary>The number of live activations.</summary>
    public int ActivationCount => _catalog.Count;

    public Task<InvokeResponse> SendAsync(InvokeRequest request) =>
        request.Target.IsObserver
            ? Observers.InvokeAsync(request, Factory.Serializer)
            : _catalog.InvokeAsync(request);

    /// <summary>Runs one pass of idle collection now (the collector also runs every collection quantum).</summary>
    public int CollectIdleActivations()
    {
        var count = _catalog.CollectIdle();
        if (count > 0)
        {
            _log.Collected(count);
        }

        return count;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _collector = _time.CreateTimer(_ => CollectIdleActivations(), null, _options.CollectionQuantum, _options.CollectionQuantum);
        _log.SiloStarted(NodeId);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector?.Dispose();
        _log.SiloStopping(NodeId, _catalog.Count);
        await _catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown, _options.DeactivationTimeout);
    }

    public void Dispose() => _collector?.Dispose();
}
