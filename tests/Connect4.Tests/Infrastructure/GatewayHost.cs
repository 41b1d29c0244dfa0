using Connect4.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// A real gateway (embedded silo, in-memory storage) on a free loopback port, for end-to-end tests.
/// Settings use configuration keys, e.g. <c>["Gateway:SendQueueCapacity"] = "8"</c>.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private GatewayHost(WebApplication app, Uri httpUri, CapturedLog log)
    {
        App = app;
        HttpUri = httpUri;
        Log = log;
    }

    public WebApplication App { get; }

    /// <summary>The gateway's <c>fail:</c> and <c>crit:</c> log entries so far.</summary>
    public CapturedLog Log { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri HttpUri { get; }

    /// <summary>ws://127.0.0.1:port/ws, the native protocol.</summary>
    public Uri WsUri => new($"ws://{HttpUri.Authority}/ws");

    /// <summary>ws://127.0.0.1:port/, the tutorial dialect.</summary>
    public Uri TutorialUri => new($"ws://{HttpUri.Authority}/");

    /// <summary>
    /// Starts a gateway: embedded (a silo inside, in-memory state), or, with <paramref name="cluster"/>, in client
    /// mode against that cluster's silos (state in Redis).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, SiloCluster? cluster = null)
    {
        if (cluster is not null)
        {
            var merged = new Dictionary<string, string?>(cluster.Settings) { ["Gateway:Mode"] = "client" };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                merged[key] = value;
            }

            settings = merged;
        }

        var log = new CapturedLog();
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0", "--contentRoot", GatewayProjectFolder()], builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddProvider(log);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        return new GatewayHost(app, Loopback.AddressOf(app), log);
    }

    /// <summary>The gateway project's folder (its wwwroot holds the page), found above the test's output folder.</summary>
    private static string GatewayProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "gateway");
            if (File.Exists(Path.Combine(candidate, "wwwroot", "index.html")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No gateway/wwwroot/index.html above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Crashes the gateway: every socket dropped without a close frame, and its Orleans client (or silo) stopped
    /// without a goodbye; the games it followed stop hearing its renewals and drop it when its lease lapses.
    /// </summary>
    public async Task KillAsync()
    {
        foreach (var connection in App.Services.GetRequiredService<Connect4.Gateway.Transport.ConnectionRegistry>().Connections)
        {
            connection.Abort();
        }

        await App.StopAsync(new CancellationToken(canceled: true));
    }

    /// <summary>Stops the gateway as SIGTERM would: connections are told 1001 and drained.</summary>
    public Task StopAsync() => App.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
