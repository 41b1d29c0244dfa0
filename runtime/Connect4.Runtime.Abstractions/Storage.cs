namespace Connect4.Runtime;

/// <summary>
/// A grain's persistent state, supplied through a constructor parameter marked with
/// <see cref="PersistentStateAttribute"/>. It is read before the grain's <c>OnActivateAsync</c>.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state. A new <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record, or null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>True when a record was read or written, false after a clear or when none existed.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync();

    /// <summary>
    /// Writes the state if the stored etag is still <see cref="Etag"/>; throws
    /// <see cref="InconsistentStateException"/> if another writer came first.
    /// </summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored record (same etag rule as writes) and resets <see cref="State"/>.</summary>
    Task ClearStateAsync();
}

/// <summary>A stored record: the serialized state and its etag.</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Data, string Etag);

/// <summary>
/// A storage provider. Records are opaque bytes keyed by grain id and state name; each write is a
/// compare-and-swap on the etag the writer read (null: "no record must exist").
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored record, or null when there is none.</summary>
    Task<StoredState?> ReadAsync(GrainId grainId, string stateName);

    /// <summary>Writes the record if the stored etag equals <paramref name="expectedEtag"/>; returns the new etag.</summary>
    /// <exception cref="InconsistentStateException">The stored etag differs.</exception>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedEtag);

    /// <summary>Deletes the record if the stored etag equals <paramref name="expectedEtag"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored etag differs.</exception>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag);
}
