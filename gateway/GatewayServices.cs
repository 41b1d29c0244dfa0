using Connect4.Gateway.Auth;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Telemetry;
using Connect4.Gateway.Transport;
using Connect4.SiloHost;
using Connect4.SiloHost.Operations;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Connect4.Gateway;

/// <summary>The gateway's services.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.SectionName, o => o.Validate());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimits>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<GrainCalls>();
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<IGatewayLeases>(provider => provider.GetRequiredService<GatewayHub>());
        services.AddHostedService<RenewalLoop>();
        services.AddSingleton<GatewayLog>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ReadinessProbe>();
        services.AddConnect4HealthChecks(configuration).AddCheck<ReadinessProbe>("gateway", tags: [Health.ReadyTag]);
        services.AddConnect4Metrics(configuration);
        // Registered after the silo, so it stops first: players are told 1001 while their games still answer.
        services.AddHostedService<ConnectionDrainer>();
        return services;
    }
}

/// <summary>
/// Whether the gateway can serve players: it runs and is not draining, and Orleans holds its in-process silo active
/// (embedded) or is connected to at least one of the cluster's silos (client). One of <c>/readyz</c>'s checks.
/// </summary>
internal sealed class ReadinessProbe(IServiceProvider services, IHostApplicationLifetime lifetime, ConnectionRegistry registry) : IHealthCheck
{
    private readonly ClusterConnection? _connection = services.GetService<ClusterConnection>();

    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested
        && !lifetime.ApplicationStopping.IsCancellationRequested
        && (_connection?.Connected ?? SiloIsActive());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(registry.IsDraining ? HealthCheckResult.Unhealthy("draining: the gateway is shutting down")
            : IsReady ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(_connection is null ? "the silo in this process is not active" : "no silo of the cluster answers"));

    private bool SiloIsActive()
    {
        var self = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        return services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(self) == SiloStatus.Active;
    }
}

/// <summary>A client's connection to the cluster, as Orleans reports it: connected while it has at least one silo gateway.</summary>
internal sealed partial class ClusterConnection(ILogger<ClusterConnection> logger) : IClusterConnectionStatusObserver
{
    private volatile bool _lost;

    public bool Connected => !_lost;

    public void NotifyClusterConnectionLost()
    {
        _lost = true;
        LogLost();
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        _lost = currentNumberOfGateways == 0;
        LogGateways(currentNumberOfGateways, previousNumberOfGateways);
    }

    [LoggerMessage(1310, LogLevel.Warning, "Lost the connection to the cluster: no silo answers")]
    private partial void LogLost();

    [LoggerMessage(1311, LogLevel.Information, "Connected to {Count} silos (was {Previous})")]
    private partial void LogGateways(int count, int previous);
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
