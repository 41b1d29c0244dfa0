using Microsoft.AspNetCore.Http.Features;

namespace Connect4.Gateway.Transport;

/// <summary>
/// Keeps hold of the byte stream under an upgraded WebSocket connection. ASP.NET Core's WebSocket middleware takes the
/// stream from this feature and hides it inside the <see cref="System.Net.WebSockets.WebSocket"/>; the connection
/// needs it once the WebSocket has failed on a client's protocol violation, to read out what the client still sends
/// before closing (see <see cref="SocketConnection"/>).
/// </summary>
internal sealed class UpgradeTransport(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
{
    /// <summary>The upgraded connection's stream, once upgraded.</summary>
    public Stream? Stream { get; private set; }

    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => Stream = await inner.UpgradeAsync();

    /// <summary>Middleware, before <c>UseWebSockets</c>, that puts this feature in front of the server's own.</summary>
    public static Task Install(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new UpgradeTransport(upgrade));
        }

        return next(context);
    }
}
