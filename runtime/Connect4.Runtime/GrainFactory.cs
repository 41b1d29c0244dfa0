using Connect4.Runtime.Messaging;
using Connect4.Runtime.Serialization;

namespace Connect4.Runtime;

/// <summary>Sends an <see cref="InvokeRequest"/> wherever its target lives.</summary>
public interface IGrainCallRouter
{
    Task<InvokeResponse> SendAsync(InvokeRequest request);
}

/// <summary>
/// Makes typed references and performs the caller's half of every call: serialize the arguments, send,
/// wait up to the deadline, rebuild the result or the exception.
/// </summary>
public sealed class GrainFactory : IClusterClient, IReferenceFactory
{
    private readonly Lazy<IGrainCallRouter> _router;
    private readonly RuntimeOptions _options;
    private readonly TimeProvider _time;
    private readonly GrainTypeRegistry _types;

    public GrainFactory(Lazy<IGrainCallRouter> router, GrainTypeRegistry types, ObserverRegistry observers, RuntimeOptions options, TimeProvider time)
    {
        _router = router;
        _types = types;
        Observers = observers;
        _options = options;
        _time = time;
        Serializer = new RuntimeSerializer(this);
    }

    public RuntimeSerializer Serializer { get; }

    internal ObserverRegistry Observers { get; }

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return (TGrainInterface)GetReference(typeof(TGrainInterface), new GrainId(GrainTypeRegistry.TypeNameOf(typeof(TGrainInterface)), key));
    }

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is not TObserver)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(TObserver).Name}.", nameof(observer));
        }

        var id = Observers.Register(observer);
        return (TObserver)GetReference(typeof(TObserver), id);
    }

    public void DeleteObjectReference<TObserver>(IGrainObserver reference) where TObserver : IGrainObserver =>
        Observers.Unregister(reference.GetGrainId());

    public object GetReference(Type interfaceType, GrainId id)
    {
        id = Observers.Canonical(id);
        _types.Learn(interfaceType);
        var proxy = System.Reflection.DispatchProxy.Create(interfaceType, typeof(GrainProxy));
        ((GrainProxy)proxy).Bind(this, id);
        return proxy;
    }

    internal async Task<object?> InvokeAsync(GrainId target, InterfaceMethod method, object?[]? args)
    {
        var timeout = CallOptions.Timeout ?? method.Timeout ?? _options.ResponseTimeout;
        var request = new InvokeRequest(target, method.Interface.FullName!, method.Key,
            Serializer.SerializeArguments(args, method.Parameters), _time.GetUtcNow() + timeout, method.OneWay);
        if (method.OneWay)
        {
            // Sent, not awaited: the router queues it (on the wire, or on the local activation) before returning.
            _ = _router.Value.SendAsync(request);
            return null;
        }

        InvokeResponse response;
        try
        {
            response = await _router.Value.SendAsync(request).WaitAsync(timeout, _time);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{method} on {target} got no response within {timeout}.");
        }

        if (response.Exception is { } remote)
        {
            throw Serializer.DeserializeException(remote);
        }

        return method.ResultType is null || response.Result is null ? null : Serializer.Deserialize(response.Result, method.ResultType);
    }
}
