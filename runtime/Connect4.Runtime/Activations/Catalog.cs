using System.Collections.Concurrent;
using Connect4.Runtime.Messaging;
using Connect4.Runtime.Serialization;

namespace Connect4.Runtime.Activations;

/// <summary>The activations of one silo, by grain id: at most one each.</summary>
internal sealed class Catalog(
    GrainFactory factory,
    GrainActivator activator,
    GrainTypeRegistry types,
    RuntimeOptions options,
    TimeProvider time,
    RuntimeLog log)
{
    /// <summary>How often one call may be handed back by ending activations before it fails.</summary>
    private const int MaxReroutes = 5;

    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();

    public GrainFactory Factory { get; } = factory;

    public GrainActivator Activator { get; } = activator;

    public RuntimeSerializer Serializer => Factory.Serializer;

    public RuntimeOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public RuntimeLog Log { get; } = log;

    public int Count => _activations.Count;

    /// <summary>Delivers a call to the grain's activation here, activating it if needed.</summary>
    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request)
    {
        InterfaceMethod method;
        try
        {
            method = InterfaceMethod.Table(types.GetInterface(request.Interface))[request.Method];
        }
        catch (Exception e)
        {
            return new InvokeResponse(null, Serializer.SerializeException(e));
        }

        for (var attempt = 0; attempt <= MaxReroutes; attempt++)
        {
            var activation = _activations.GetOrAdd(request.Target, static (id, catalog) => new Activation(id, catalog), this);
            var item = new CallItem(request, method);
            var accepted = (method.AlwaysInterleave && activation.TryRunInterleaved(item)) || activation.TryEnqueue(item);
            if (!accepted)
            {
                await activation.Ended;
                continue;
            }

            try
            {
                if (await item.Completion is { } response)
                {
                    return response;
                }
            }
            catch (Exception e)
            {
                return new InvokeResponse(null, Serializer.SerializeException(e));
            }
        }

        return new InvokeResponse(null, Serializer.SerializeException(
            new InvalidOperationException($"{method} on {request.Target} was handed back by {MaxReroutes + 1} ending activations in a row.")));
    }

    internal void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));

    /// <summary>Deactivates every activation idle for at least the collection age; returns how many were asked.</summary>
    public int CollectIdle()
    {
        var now = Time.GetUtcNow();
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdle(now, Options.CollectionAge) && activation.RequestDeactivation(DeactivationReason.IdleCollection))
            {
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Queues a deactivation for each activation <paramref name="predicate"/> selects; returns how many.</summary>
    public int DeactivateWhere(Func<GrainId, bool> predicate)
    {
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (predicate(activation.GrainId) && activation.RequestDeactivation(DeactivationReason.ApplicationRequested))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Forgets every activation at once: queued calls fail, nothing is persisted (a simulated crash).</summary>
    public void DropAll()
    {
        foreach (var activation in _activations.Values)
        {
            activation.Abandon();
        }

        _activations.Clear();
    }

    /// <summary>Deactivates everything (each persists in its <c>OnDeactivateAsync</c>), waiting up to <paramref name="timeout"/>.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, TimeSpan timeout)
    {
        var ending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            activation.RequestDeactivation(reason);
            ending.Add(activation.Ended);
        }

        await Task.WhenAll(ending).WaitAsync(timeout, Time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
