using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Connect4.Runtime.Transport;

/// <summary>
/// Kestrel's side of node-to-node connections: each accepted connection's first frame names the dialling
/// node; from then on its requests go to the router and its responses go back on the same connection.
/// </summary>
internal sealed class NodeConnectionHandler(ClusterRouter router)
{
    private readonly ConcurrentDictionary<NodeConnection, bool> _inbound = new();

    public async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (router.IsKilled)
        {
            connection.Abort();
            return;
        }

        var node = new NodeConnection(connection.Transport, "(unknown until hello)", router);
        _inbound[node] = true;
        try
        {
            node.Start();
            await node.Completion;
        }
        finally
        {
            _inbound.TryRemove(node, out _);
        }
    }

    /// <summary>Drops every inbound connection (a simulated crash).</summary>
    public async Task AbortAllAsync()
    {
        foreach (var node in _inbound.Keys.ToList())
        {
            await node.DisposeAsync();
        }
    }
}
