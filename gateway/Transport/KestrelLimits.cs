using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway.Transport;

/// <summary>
/// Kestrel's limits, set from the gateway's own so that what PROTOCOL.md promises holds before a connection becomes a
/// WebSocket as well as after.
/// </summary>
internal sealed class KestrelLimits(IOptions<GatewayOptions> gateway) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        var options = gateway.Value;

        // A WebSocket that stops answering is dropped within a ping interval and the ping timeout (15 s + 30 s); a TCP
        // connection that never sends a request, or stops between requests, gets no longer (Kestrel's default: 130 s),
        // and one that starts a request has the ping timeout to finish its headers (default 30 s).
        kestrel.Limits.KeepAliveTimeout = options.KeepAliveInterval + options.KeepAliveTimeout;
        kestrel.Limits.RequestHeadersTimeout = options.KeepAliveTimeout;

        if (options.SocketSendBufferBytes > 0)
        {
            var bytes = options.SocketSendBufferBytes;
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => connection =>
            {
                if (connection.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                {
                    socket.SendBufferSize = bytes;
                }

                return next(connection);
            }));
        }
    }
}
