namespace Connect4.Runtime.Storage;

/// <summary>
/// Grain storage in this process's memory, with the same etag rules as a real store. What it holds is lost
/// when the process ends: for the embedded mode and for tests.
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(GrainId, string), StoredState> _records = [];
    private long _version;

    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName)
    {
        lock (_records)
        {
            return Task.FromResult(_records.GetValueOrDefault((grainId, stateName)));
        }
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedEtag)
    {
        lock (_records)
        {
            Check(grainId, stateName, expectedEtag);
            var etag = (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _records[(grainId, stateName)] = new StoredState(data.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag)
    {
        lock (_records)
        {
            Check(grainId, stateName, expectedEtag);
            _records.Remove((grainId, stateName));
            return Task.CompletedTask;
        }
    }

    private void Check(GrainId grainId, string stateName, string? expectedEtag)
    {
        var stored = _records.GetValueOrDefault((grainId, stateName))?.Etag;
        if (stored != expectedEtag)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} has etag {stored ?? "(none)"}, the writer expected {expectedEtag ?? "(none)"}.");
        }
    }
}
