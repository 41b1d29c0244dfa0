using System.Net.WebSockets;
using Connect4.Gateway.Auth;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Transport;
using Connect4.Gateway.Tutorial;
using Connect4.Runtime;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway;

/// <summary>The gateway's routes: both WebSocket dialects, the web page, and health.</summary>
internal static class GatewayEndpoints
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        app.UseStaticFiles();

        // Made now rather than at the first hello, so a missing secret is reported at start-up.
        app.Services.GetRequiredService<TokenService>();

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (ConnectionRegistry registry, ReadinessProbe probe) =>
            !registry.IsDraining && probe.IsReady ? Results.Text("ready") : Results.Text("not ready", statusCode: StatusCodes.Status503ServiceUnavailable));

        // "/" serves the page to browsers (UseDefaultFiles above) and the tutorial dialect to WebSocket upgrades.
        app.Map("/ws", context => AcceptAsync(context, "native"));
        app.Map("/", context => AcceptAsync(context, "tutorial"));
        return app;
    }

    private static async Task AcceptAsync(HttpContext context, string dialect)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseOrServePageAsync(context, dialect);
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var log = services.GetRequiredService<GatewayLog>();
        var origin = context.Request.Headers.Origin.ToString();
        if (!OriginAllowed(origin, options.AllowedOrigins))
        {
            log.OriginRefused(origin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var registry = services.GetRequiredService<ConnectionRegistry>();
        if (registry.IsDraining)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new SocketConnection(socket, context.TraceIdentifier, options, services.GetRequiredService<TimeProvider>(), log);
        if (!registry.TryAdd(connection))
        {
            await socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", CancellationToken.None);
            return;
        }

        log.ConnectionOpened(connection.Id, dialect);
        var client = services.GetRequiredService<IClusterClient>();
        IClientSession session = dialect == "native"
            ? new NativeSession(connection, client, services.GetRequiredService<TokenService>(), options, services.GetRequiredService<Topology>(), log)
            : new TutorialSession(connection, client, options, services.GetRequiredService<Topology>(), log);
        try
        {
            await connection.RunAsync(session);
        }
        finally
        {
            registry.Remove(connection);
            log.ConnectionClosed(connection.Id, connection.PlayerId);
        }
    }

    /// <summary>A plain GET of "/" is the web page; of "/ws", a hint.</summary>
    private static async Task RefuseOrServePageAsync(HttpContext context, string dialect)
    {
        var page = context.RequestServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider.GetFileInfo("index.html");
        if (dialect == "tutorial" && HttpMethods.IsGet(context.Request.Method) && page.Exists)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(page);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync("This endpoint speaks WebSocket.");
    }

    private static bool OriginAllowed(string origin, string allowed)
    {
        if (string.IsNullOrEmpty(origin) || allowed.Trim() == "*")
        {
            return true;
        }

        return allowed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(a => string.Equals(a, origin, StringComparison.OrdinalIgnoreCase));
    }
}
