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
