using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime;
using System.Text.Json;
using Connect4.Gateway.Auth;
using Connect4.Gateway.Native;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Telemetry;
using Connect4.Gateway.Transport;
using Connect4.Gateway.Tutorial;
using Connect4.SiloHost.Operations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway;

/// <summary>The gateway's routes: both WebSocket dialects, the web page, health, metrics, and the connection and memory figures.</summary>
internal static class GatewayEndpoints
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        app.Use(UpgradeTransport.Install);
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        app.UseStaticFiles();

        // Made now rather than at the first hello, so a missing secret is reported at start-up.
        app.Services.GetRequiredService<TokenService>();

        app.MapConnect4Health((context, report) => context.Response.WriteAsync(report.Status == HealthStatus.Healthy
            ? "ready"
            : $"not ready: {string.Join(", ", Health.Failing(report))}"));
        app.MapConnect4Metrics();
        app.MapGet("/stats", (HttpContext context, ConnectionRegistry registry) => WriteStatsAsync(context, () => registry.Count));

        // "/" serves the page to browsers (UseDefaultFiles above) and the tutorial dialect to WebSocket upgrades.
        app.Map("/ws", context => AcceptAsync(context, app.Services, "native"));
        app.Map("/", context => AcceptAsync(context, app.Services, "tutorial"));
        return app;
    }

    /// <remarks>
    /// Every service a connection uses is a singleton: they come from the application's <paramref name="services"/>,
    /// since <c>context.RequestServices</c> would make a scope that each connection keeps for its whole life.
    /// </remarks>
    private static async Task AcceptAsync(HttpContext context, IServiceProvider services, string dialect)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseOrServePageAsync(context, dialect);
            return;
        }

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
        var transport = (context.Features.Get<IHttpUpgradeFeature>() as UpgradeTransport)?.Stream;
        var metrics = services.GetRequiredService<GatewayMetrics>();
        var connection = new SocketConnection(socket, transport, context.TraceIdentifier, dialect, options, services.GetRequiredService<TimeProvider>(), log, metrics);
        if (!registry.TryAdd(connection))
        {
            await socket.CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", CancellationToken.None);
            return;
        }

        log.ConnectionOpened(connection.Id, dialect);
        metrics.ConnectionOpened(dialect);
        var client = services.GetRequiredService<IClusterClient>();
        var hub = services.GetRequiredService<GatewayHub>();
        var calls = services.GetRequiredService<GrainCalls>();
        IClientSession session = dialect == "native"
            ? new NativeSession(connection, client, hub, calls, services.GetRequiredService<TokenService>(), log, options)
            : new TutorialSession(connection, client, hub, calls, log);
        try
        {
            await connection.RunAsync(session);
        }
        finally
        {
            registry.Remove(connection);
            metrics.ConnectionClosed(dialect);
            log.ConnectionClosed(connection.Id, connection.PlayerId);
        }
    }

    /// <summary>
    /// <c>GET /stats</c>: the open WebSocket connections and this process's memory, as one JSON object. With
    /// <c>?gc=true</c> from a loopback address, a full blocking compacting collection runs first (and finalizers, and
    /// another collection), so <c>managedHeapBytes</c> is what is live; from elsewhere the parameter is ignored, so a
    /// remote client cannot make the gateway pause. bench's echo server (bench/Baseline/EchoServer.cs) serves its
    /// baseline figures through this same method.
    /// </summary>
    internal static async Task WriteStatsAsync(HttpContext context, Func<int> connections)
    {
        var collected = string.Equals(context.Request.Query["gc"], "true", StringComparison.OrdinalIgnoreCase)
                        && context.Connection.RemoteIpAddress is { } remote
                        && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        if (collected)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        var body = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteNumber("connections", connections());
            w.WriteNumber("workingSetBytes", Environment.WorkingSet);
            w.WriteNumber("managedHeapBytes", GC.GetTotalMemory(forceFullCollection: false));
            w.WriteNumber("gcHeapSizeBytes", GC.GetGCMemoryInfo().HeapSizeBytes);
            w.WriteBoolean("collected", collected);
            w.WriteBoolean("serverGc", GCSettings.IsServerGC);
            w.WriteEndObject();
        }

        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
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
