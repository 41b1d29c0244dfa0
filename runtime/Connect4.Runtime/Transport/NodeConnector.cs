using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Connect4.Runtime.Membership;

namespace Connect4.Runtime.Transport;

/// <summary>
/// This node's outbound connections, one per remote node, opened on first use and kept. A node that could
/// not be reached is not dialled again until a backoff (100 ms doubling to 2 s) has passed; calls meanwhile
/// fail at once, without having been sent. The pipes close with their connection (PipeReader.Create and
/// PipeWriter.Create own the stream, which owns the socket).
/// </summary>
internal sealed class NodeConnector(string selfId, ClusterOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, NodeConnection> _connections = new();
    private readonly ConcurrentDictionary<string, (DateTime Until, TimeSpan Backoff)> _failures = new();
    private volatile bool _disposed;

    /// <summary>
    /// The connection to <paramref name="node"/>, made now if there is none: it is usable at once (frames queue,
    /// in order, until it is open), so calls made in order are sent in order.
    /// </summary>
    public NodeConnection Get(NodeInfo node)
    {
        if (_disposed)
        {
            throw new ConnectionLostException("This node is shutting down.", requestSent: false);
        }

        while (true)
        {
            if (_connections.TryGetValue(node.NodeId, out var existing))
            {
                if (!existing.IsClosed)
                {
                    return existing;
                }

                _connections.TryRemove(new KeyValuePair<string, NodeConnection>(node.NodeId, existing));
            }

            if (_failures.TryGetValue(node.NodeId, out var failure) && DateTime.UtcNow < failure.Until)
            {
                throw new ConnectionLostException($"{node} was unreachable moments ago.", requestSent: false);
            }

            var created = new NodeConnection(() => OpenAsync(node, failure.Backoff), node.NodeId);
            if (_connections.TryAdd(node.NodeId, created))
            {
                created.SendHello(selfId);
                created.Start();
                return created;
            }
        }
    }

    private async Task<IDuplexPipe> OpenAsync(NodeInfo node, TimeSpan lastBackoff)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(options.ConnectTimeout);
            await socket.ConnectAsync(await Resolve(node.Host, node.Port), timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var backoff = lastBackoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(lastBackoff.Ticks * 2, LastBackoff.Ticks));
            _failures[node.NodeId] = (DateTime.UtcNow + backoff, backoff);
            throw;
        }

        _failures.TryRemove(node.NodeId, out _);
        var stream = new NetworkStream(socket, ownsSocket: true);
        return new StreamDuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
    }

    private static async Task<EndPoint> Resolve(string host, int port) =>
        IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : new IPEndPoint((await Dns.GetHostAddressesAsync(host)).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);

    /// <summary>Closes the connection to one node (it is gone); calls pending on it fail at once.</summary>
    public async Task DropAsync(string nodeId)
    {
        if (_connections.TryRemove(nodeId, out var connection))
        {
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var nodeId in _connections.Keys.ToList())
        {
            await DropAsync(nodeId);
        }
    }

    private sealed class StreamDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
