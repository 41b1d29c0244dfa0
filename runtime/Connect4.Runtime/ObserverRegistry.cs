using System.Collections.Concurrent;
using Connect4.Runtime.Messaging;
using Connect4.Runtime.Serialization;

namespace Connect4.Runtime;

/// <summary>
/// The local objects this node has made observer references for. An observer id's key starts with the
/// node's id, so a call on the reference can be routed back here from anywhere.
/// </summary>
public sealed class ObserverRegistry(string nodeId, GrainTypeRegistry types)
{
    private readonly ConcurrentDictionary<string, IGrainObserver> _objects = new(StringComparer.Ordinal);

    public string NodeId { get; } = nodeId;

    public int Count => _objects.Count;

    internal GrainId Register(IGrainObserver observer)
    {
        var id = new GrainId(GrainId.ObserverType, $"{NodeId}/{Guid.NewGuid():N}");
        _objects[id.Key] = observer;
        return id;
    }

    internal void Unregister(GrainId id) => _objects.TryRemove(id.Key, out _);

    /// <summary>
    /// The id of a reference made on this node, with the key string it was registered with (a copy read off the wire
    /// is then not kept: a grain in this process that holds the reference shares the key); any other id as it is.
    /// </summary>
    internal GrainId Canonical(GrainId id) =>
        id.IsObserver && _objects.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id.Key.AsSpan(), out var key, out _)
            ? new GrainId(GrainId.ObserverType, key)
            : id;

    /// <summary>Whether a reference made on this node still has its object.</summary>
    public bool Contains(GrainId id) => _objects.ContainsKey(id.Key);

    /// <summary>The node that made an observer reference.</summary>
    public static string NodeOf(GrainId observerId) => observerId.Key[..observerId.Key.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>Calls the local object; fails at once if it is gone.</summary>
    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, RuntimeSerializer serializer)
    {
        try
        {
            if (!_objects.TryGetValue(request.Target.Key, out var target))
            {
                throw new ObserverNotAvailableException($"Observer {request.Target} is gone.");
            }

            var method = InterfaceMethod.Table(types.GetInterface(request.Interface))[request.Method];
            var args = serializer.DeserializeArguments(request.Arguments, method.Parameters);
            var task = (Task)method.Invoker.Invoke(target, new Span<object?>(args))!;
            await task;
            return method.ResultType is null
                ? InvokeResponse.Empty
                : new InvokeResponse(serializer.Serialize(Activations.TaskResults.Get(task), method.ResultType), null);
        }
        catch (Exception e)
        {
            return new InvokeResponse(null, serializer.SerializeException(e));
        }
    }

}
