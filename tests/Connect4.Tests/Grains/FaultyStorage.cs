using Connect4.Runtime;
using Connect4.Runtime.Storage;

namespace Connect4.Tests.Grains;

/// <summary>The in-memory store with a switch that makes writes fail, as an unreachable store would.</summary>
public sealed class FaultyStorage : IGrainStorage
{
    private readonly InMemoryGrainStorage _inner = new();

    public volatile bool FailWrites;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName) => _inner.ReadAsync(grainId, stateName);

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedEtag) =>
        FailWrites ? throw new IOException("store unreachable") : _inner.WriteAsync(grainId, stateName, data, expectedEtag);

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag) => _inner.ClearAsync(grainId, stateName, expectedEtag);
}
