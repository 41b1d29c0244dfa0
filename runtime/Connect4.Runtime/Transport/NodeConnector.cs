using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Connect4.Runtime.Membership;

namespace Connect4.Runtime.Transport;

/// <summary>
/// This node's outbound connections, one per remote node, opened on first use and kept. A node that could
/// not be reached is not dialled again until a backoff (100 ms doubling to 2 s) has passed; calls meanwhile
/// fail at once, without having been sent.
/// </summary>
internal sealed class NodeConnector(string selfId, ClusterOptions options) : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Lazy<Task<NodeConnection>>> _connections = new();
    private readonly ConcurrentDictionary<string, (DateTime Until, TimeSpan Backoff)> _failures = new();
    private volatile bool _disposed;

    public async Task<NodeConnection> GetAsync(NodeInfo node)
    {
        if (_disposed)
        {
            throw new ConnectionLostException("This node is shutting down.", requestSent: false);
        }

        while (true)
        {
            var lazy = _connections.GetOrAdd(node.NodeId, _ => new Lazy<Task<NodeConnection>>(() => ConnectAsync(node)));
            NodeConnection connection;
            try
            {
                connection = await lazy.Value;
            }
            catch
            {
                _connections.TryRemove(new KeyValuePair<string, Lazy<Task<NodeConnection>>>(node.NodeId, lazy));
                throw;
            }

            if (!connection.IsClosed)
            {
                return connection;
            }

            _connections.TryRemove(new KeyValuePair<string, Lazy<Task<NodeConnection>>>(node.NodeId, lazy));
        }
    }

    private async Task<NodeConnection> ConnectAsync(NodeInfo node)
    {
        if (_failures.TryGetValue(node.NodeId, out var failure) && DateTime.UtcNow < failure.Until)
        {
            throw new ConnectionLostException($"{node} was unreachable moments ago.", requestSent: false);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(options.ConnectTimeout);
            await socket.ConnectAsync(await Resolve(node.Host, node.Port), timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            var backoff = failure.Backoff == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min(failure.Backoff.Ticks * 2, LastBackoff.Ticks));
            _failures[node.NodeId] = (DateTime.UtcNow + backoff, backoff);
            throw new ConnectionLostException($"Could not connect to {node}: {e.Message}", requestSent: false);
        }

        _failures.TryRemove(node.NodeId, out _);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new StreamDuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        var connection = new NodeConnection(pipe, node.NodeId, handler: null);
        connection.SendHello(selfId);
        connection.Start();
        _ = connection.Completion.ContinueWith(_ => stream.Dispose(), TaskScheduler.Default);
        return connection;
    }

    private static async Task<EndPoint> Resolve(string host, int port) =>
        IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : new IPEndPoint((await Dns.GetHostAddressesAsync(host)).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);

    /// <summary>Closes the connection to one node (it is gone); calls pending on it fail at once.</summary>
    public async Task DropAsync(string nodeId)
    {
        if (_connections.TryRemove(nodeId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            await lazy.Value.Result.DisposeAsync();
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
