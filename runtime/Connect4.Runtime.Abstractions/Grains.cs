namespace Connect4.Runtime;

/// <summary>Marker for every grain interface. A grain is a virtual actor addressed by its interface and key.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain addressed by a string key: <c>GetGrain&lt;IGameGrain&gt;("g-123")</c>.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>
/// Marker for an interface that a client-side object implements so that grains can call it back.
/// Create a reference with <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>, pass it to a grain,
/// and the grain's calls on it reach the node that made it.
/// </summary>
public interface IGrainObserver : IAddressable;

/// <summary>Anything that has an identity in the cluster: grains and observer references.</summary>
public interface IAddressable;

/// <summary>Makes references to grains and to local observer objects.</summary>
public interface IGrainFactory
{
    /// <summary>
    /// A typed reference to the grain with this key. Making it costs no call: the grain is activated by the
    /// first call made through it, wherever in the cluster it is placed.
    /// </summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>
    /// Makes a reference that grains can hold and call to reach <paramref name="observer"/>, a local object.
    /// The reference stays valid until <see cref="DeleteObjectReference{TObserver}"/> or until this node stops;
    /// after that, calls on it fail at once with <see cref="ObserverNotAvailableException"/>.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver;

    /// <summary>Invalidates a reference made by <see cref="CreateObjectReference{TObserver}"/>.</summary>
    void DeleteObjectReference<TObserver>(IGrainObserver reference) where TObserver : IGrainObserver;
}

/// <summary>What a gateway or any other client uses to reach the cluster.</summary>
public interface IClusterClient : IGrainFactory;
