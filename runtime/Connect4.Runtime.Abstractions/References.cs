namespace Connect4.Runtime;

/// <summary>Implemented by every reference the runtime makes (grain references and observer references).</summary>
internal interface IGrainReference
{
    GrainId GrainId { get; }
}

/// <summary>Helpers on grain and observer references.</summary>
public static class AddressableExtensions
{
    /// <summary>The identity behind a reference made by the runtime.</summary>
    /// <exception cref="ArgumentException">The object is not a runtime reference (for example, a local observer object itself).</exception>
    public static GrainId GetGrainId(this IAddressable reference) =>
        reference is IGrainReference r
            ? r.GrainId
            : throw new ArgumentException($"{reference.GetType().Name} is not a grain or observer reference.", nameof(reference));
}

/// <summary>
/// Whether the node that made an observer reference is still there. A grain that keeps observers can drop those
/// whose node died without waiting for a notification to fail (a crashed gateway says no goodbye).
/// </summary>
public interface IObserverLiveness
{
    /// <summary>False when the observer's node has left the cluster or, for a local reference, when it was deleted.</summary>
    bool IsAlive(GrainId observer);
}
