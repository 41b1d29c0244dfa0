using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Runtime.Transport;

/// <summary>
/// Accepts node-to-node connections with Kestrel's socket transport (pooled System.IO.Pipelines buffers),
/// on its own port, independent of any HTTP server the process also runs.
/// </summary>
internal sealed class NodeListener(NodeConnectionHandler handler, ILoggerFactory loggers) : IAsyncDisposable
{
    private IConnectionListener? _listener;
    private Task? _accepting;

    /// <summary>The port actually bound (useful when 0 was asked for).</summary>
    public int Port { get; private set; }

    public async Task StartAsync(string host, int port)
    {
        var factory = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggers);
        _listener = await factory.BindAsync(new IPEndPoint(IPAddress.Parse(host), port));
        Port = ((IPEndPoint)_listener.EndPoint).Port;
        _accepting = AcceptLoopAsync(_listener);
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        while (await listener.AcceptAsync() is { } connection)
        {
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(ConnectionContext connection)
    {
        try
        {
            await handler.OnConnectedAsync(connection);
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Stops accepting (existing connections stay until they end or are aborted).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.UnbindAsync();
            await _listener.DisposeAsync();
        }

        if (_accepting is not null)
        {
            await _accepting;
        }
    }
}
