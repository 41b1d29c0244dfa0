using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace Connect4.Gateway.Transport;

/// <summary>The connections this gateway holds, so shutdown can close them all and health can count them.</summary>
internal sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, SocketConnection> _connections = new();
    private readonly TaskCompletionSource _empty = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _draining;

    public int Count => _connections.Count;

    /// <summary>True from the start of shutdown: no new connections are accepted.</summary>
    public bool IsDraining => _draining;

    public IReadOnlyCollection<SocketConnection> Connections => [.. _connections.Values];

    /// <summary>The connections, walked without a copy: each is seen once; one added or removed meanwhile may be missed.</summary>
    public IEnumerable<SocketConnection> Live
    {
        get
        {
            foreach (var entry in _connections)
            {
                yield return entry.Value;
            }
        }
    }

    public bool TryAdd(SocketConnection connection) => !_draining && _connections.TryAdd(connection.Id, connection);

    public void Remove(SocketConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        if (_draining && _connections.IsEmpty)
        {
            _empty.TrySetResult();
        }
    }

    /// <summary>Stops accepting, tells every connection 1001, and waits (bounded) for them to close.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _draining = true;
        foreach (var connection in _connections.Values)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        }

        if (_connections.IsEmpty)
        {
            return;
        }

        await _empty.Task.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
