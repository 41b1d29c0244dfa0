using System.Buffers;
using System.CommandLine;
using System.Net;
using System.Net.WebSockets;
using System.Runtime;
using Connect4.Bench.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect4.Bench.Baseline;

/// <summary>
/// The <c>echo-server</c> subcommand: a bare ASP.NET Core app that sends every WebSocket text message back on the
/// socket it came from, on any path, and serves <c>GET /stats</c> like a gateway. What a machine does with WebSockets
/// and no game at all, for <c>baseline</c> (throughput and latency) and <c>hold</c> (memory per idle connection).
/// </summary>
internal static class EchoServerCommand
{
    public static Command Create()
    {
        var port = CommandOptions.Bounded(new Option<int>("--port") { Description = "Port to listen on; 0: any free one (the line on stdout says which).", DefaultValueFactory = _ => 0 }, 0, 65535);
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var stopOnStdinClose = new Option<bool>("--stop-on-stdin-close")
        {
            Description = "Stop when standard input reaches its end (baseline passes it, so the server it starts never outlives it).",
        };
        var command = new Command("echo-server", "A bare ASP.NET Core WebSocket echo server (every text message sent back, on any path) " +
                                                 "with the gateway's GET /stats. Prints 'listening on http://host:port' to stdout when ready.")
        {
            port, host, stopOnStdinClose,
        };
        command.SetAction((parse, cancel) => EchoServer.RunAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(stopOnStdinClose), cancel));
        return command;
    }
}

/// <summary>
/// The echo server. An idle connection waits with a zero-byte receive, so it holds no buffer of its own: a message is
/// read into a buffer rented for it and returned once echoed. Keep-alive pings are every 15 s with a 30 s timeout, the
/// gateway's defaults. Logs go to stderr, warnings and worse only.
/// </summary>
internal static class EchoServer
{
    private const int MaxMessageBytes = 1 << 20;

    private static int _connections;

    public static async Task<int> RunAsync(string host, int port, bool stopOnStdinClose, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // Bare: no settings from appsettings files or the environment (the output folder may hold another app's).
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{(IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host)}:{port}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        await using var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        var stopping = app.Lifetime.ApplicationStopping;
        app.Run(async context =>
        {
            if (context.Request.Path == "/stats" && HttpMethods.IsGet(context.Request.Method))
            {
                // The same figures as the gateway's /stats, written by the same code (it only reads the process's counters).
                await Connect4.Gateway.GatewayEndpoints.WriteStatsAsync(context, () => Volatile.Read(ref _connections));
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("This endpoint speaks WebSocket.");
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            Interlocked.Increment(ref _connections);
            try
            {
                await EchoAsync(socket, stopping);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the server is stopping.
            }
            finally
            {
                Interlocked.Decrement(ref _connections);
            }
        });

        try
        {
            await app.StartAsync(cancel);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"echo-server: cannot listen on {host}:{port}: {e.Message}");
            return 2;
        }

        if (GCSettings.IsServerGC)
        {
            await Console.Error.WriteLineAsync("echo-server: server GC; the gateway runs workstation GC, so to compare memory alike start it " +
                                               "with DOTNET_gcServer=0 (baseline does)");
        }

        Console.Out.WriteLine($"listening on {app.Urls.First()}");
        Console.Out.Flush();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (stopOnStdinClose)
        {
            _ = Task.Run(async () =>
            {
                // Reads until the end of standard input: the process that started this one has closed it, or died.
                using var stdin = Console.OpenStandardInput();
                var sink = new byte[64];
                while (await stdin.ReadAsync(sink, CancellationToken.None) > 0)
                {
                }

                await stop.CancelAsync();
            }, CancellationToken.None);
        }

        await app.WaitForShutdownAsync(stop.Token);
        return 0;
    }

    /// <summary>Echoes each text message back until the client closes (answered with its own code) or the server stops.</summary>
    private static async Task EchoAsync(WebSocket socket, CancellationToken stopping)
    {
        while (true)
        {
            // No buffer while idle: the zero-byte receive completes when a frame arrives (pings are answered inside it).
            var result = await socket.ReceiveAsync(Memory<byte>.Empty, stopping);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, stopping);
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(4096);
            try
            {
                var count = 0;
                while (!result.EndOfMessage)
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, null, stopping);
                            return;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), stopping);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, stopping);
                        return;
                    }

                    count += result.Count;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    await socket.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Text, endOfMessage: true, stopping);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
