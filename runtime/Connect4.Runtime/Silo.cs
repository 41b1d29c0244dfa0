using Connect4.Runtime.Activations;
using Connect4.Runtime.Messaging;

namespace Connect4.Runtime;

/// <summary>
/// Hosts grains: the catalog of activations and the idle collector. Calls reach it through the node's router
/// (in-process, or from other nodes in a cluster).
/// </summary>
public sealed class Silo : IDisposable
{
    private readonly Catalog _catalog;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly RuntimeLog _log;
    private ITimer? _collector;

    internal Silo(GrainFactory factory, GrainActivator activator, GrainTypeRegistry types, RuntimeOptions options, TimeProvider time, RuntimeLog log)
    {
        _options = options;
        _time = time;
        _log = log;
        Factory = factory;
        _catalog = new Catalog(factory, activator, types, options, time, log);
    }

    /// <summary>The factory and client of this node.</summary>
    public GrainFactory Factory { get; }

    /// <summary>The number of live activations.</summary>
    public int ActivationCount => _catalog.Count;

    internal Task<InvokeResponse> InvokeAsync(InvokeRequest request) => _catalog.InvokeAsync(request);

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

    internal void StartCollector() =>
        _collector = _time.CreateTimer(_ => CollectIdleActivations(), null, _options.CollectionQuantum, _options.CollectionQuantum);

    /// <summary>Deactivates every activation; each persists in its OnDeactivateAsync, after the turns already queued.</summary>
    internal Task DeactivateAllAsync(string nodeId)
    {
        _collector?.Dispose();
        _log.SiloStopping(nodeId, _catalog.Count);
        return _catalog.DeactivateAllAsync(DeactivationReason.ShuttingDown, _options.DeactivationTimeout);
    }

    /// <summary>Deactivates the activations <paramref name="moved"/> selects (grains whose home is now elsewhere).</summary>
    internal int DeactivateWhere(Func<GrainId, bool> moved) => _catalog.DeactivateWhere(moved);

    /// <summary>Forgets every activation without running anything (a simulated crash).</summary>
    internal void DropAll()
    {
        _collector?.Dispose();
        _catalog.DropAll();
    }

    public void Dispose() => _collector?.Dispose();
}
