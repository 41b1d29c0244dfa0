using Connect4.Gateway.Auth;
using Connect4.Gateway.Transport;
using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway;

/// <summary>The gateway's services.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.SectionName, o => o.Validate());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayLog>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<Sessions.Topology>();
        services.AddSingleton<Sessions.RenewalClock>();
        // Registered after the silo, so it stops first: players are told 1001 while their games still answer.
        services.AddHostedService<ConnectionDrainer>();
        return services;
    }
}

/// <summary>Whether the gateway can serve players: it runs, and its silo is in-process or the cluster has an active silo.</summary>
internal sealed class ReadinessProbe(IServiceProvider services, IHostApplicationLifetime lifetime)
{
    private readonly ClusterNodeService? _node = services.GetService<ClusterNodeService>();

    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested
        && !lifetime.ApplicationStopping.IsCancellationRequested
        && (_node is null || _node.Membership.View.ActiveSilos.Count > 0);
}

/// <summary>On shutdown: stop accepting, send 1001 to every connection, wait (bounded) for them to close.</summary>
/// <remarks>
/// It drains in <see cref="StoppingAsync"/>, which runs before any hosted service's <c>StopAsync</c>: the web
/// server stops first and waits for the requests in flight, and every WebSocket is one, so a drain in
/// <c>StopAsync</c> would only start after the server had given up and cut them without a 1001.
/// </remarks>
internal sealed class ConnectionDrainer(ConnectionRegistry registry, IOptions<GatewayOptions> options, GatewayLog log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        log.Draining(registry.Count);
        await registry.DrainAsync(options.Value.ShutdownTimeout);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
