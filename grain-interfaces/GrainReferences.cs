using System.Collections.Concurrent;

namespace Connect4.GrainInterfaces;

/// <summary>
/// Grain references made without Orleans resolving the interface again on every call. Orleans 10's
/// <c>GetGrain&lt;T&gt;(key)</c> reads <c>T</c>'s custom attributes and formats its name each time (no cache): in a
/// profile of the local cluster under load that was 5% of a gateway's CPU, which makes a reference for each command.
/// Here the interface's <see cref="GrainInterfaceType"/> and its <see cref="GrainType"/> are resolved once per
/// interface, by Orleans itself, and every later reference is built from them.
/// </summary>
public static class GrainReferences
{
    // The mapping from interface to grain class is the same for every factory of a process (it comes from the loaded
    // assemblies), so one entry per interface serves them all.
    private static readonly ConcurrentDictionary<Type, (GrainType Grain, GrainInterfaceType Interface)> Resolved = new();

    /// <summary>The grain of interface <typeparamref name="T"/> with <paramref name="key"/>, as <c>GetGrain&lt;T&gt;(key)</c> gives it.</summary>
    public static T GetGrainByKey<T>(this IGrainFactory factory, string key) where T : IGrainWithStringKey
    {
        var (grainType, interfaceType) = Resolved.TryGetValue(typeof(T), out var known) ? known : Resolve<T>(factory);
        return (T)factory.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<T>(IGrainFactory factory) where T : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)factory.GetGrain<T>("resolve");
        return Resolved[typeof(T)] = (reference.GrainId.Type, reference.InterfaceType);
    }
}
