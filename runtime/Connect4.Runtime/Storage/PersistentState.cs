using Connect4.Runtime.Serialization;

namespace Connect4.Runtime.Storage;

/// <summary>Lets the activator read every state before the grain activates.</summary>
internal interface IStateLoader
{
    Task ReadStateAsync();
}

/// <summary>
/// <see cref="IPersistentState{TState}"/> over an <see cref="IGrainStorage"/>. Faults of the store are
/// wrapped in <see cref="GrainStorageException"/> naming the grain and state; a version conflict passes
/// through as <see cref="InconsistentStateException"/>.
/// </summary>
internal sealed class PersistentState<TState>(string name, GrainId grainId, IGrainStorage storage, RuntimeSerializer serializer)
    : IPersistentState<TState>, IStateLoader where TState : new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public async Task ReadStateAsync()
    {
        var record = await Guard("read", () => storage.ReadAsync(grainId, name));
        State = record is null ? new TState() : (TState)serializer.Deserialize(record.Data.Span, typeof(TState))!;
        Etag = record?.Etag;
        RecordExists = record is not null;
    }

    public async Task WriteStateAsync()
    {
        var data = serializer.Serialize(State, typeof(TState));
        Etag = await Guard("write", () => storage.WriteAsync(grainId, name, data, Etag));
        RecordExists = true;
    }

    public async Task ClearStateAsync()
    {
        await Guard("clear", async () =>
        {
            await storage.ClearAsync(grainId, name, Etag);
            return true;
        });
        State = new TState();
        Etag = null;
        RecordExists = false;
    }

    private async Task<T> Guard<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (InconsistentStateException)
        {
            throw;
        }
        catch (GrainStorageException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new GrainStorageException($"Could not {operation} state '{name}' of grain {grainId}: {e.Message}", e);
        }
    }
}
