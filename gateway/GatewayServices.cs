using Connect4.Gateway.Auth;
using Connect4.Gateway.Transport;
using Connect4.Runtime;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway;

/// <summary>The gateway's services.</summary>
internal static class GatewayServices
{
    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayLog>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ReadinessProbe>();
        // Registered after the silo, so it stops first: players are told 1001 while their games still answer.
        services.AddHostedService<ConnectionDrainer>();
        return services;
    }
}

/// <summary>Whether the gateway can serve players: its silo (or, later, the cluster) answers.</summary>
internal sealed class ReadinessProbe(IClusterClient client, IHostApplicationLifetime lifetime)
{
    public bool IsReady => lifetime.ApplicationStarted.IsCancellationRequested
        && !lifetime.ApplicationStopping.IsCancellationRequested
        && client is not null;
}

/// <summary>On shutdown: stop accepting, send 1001 to every connection, wait (bounded) for them to close.</summary>
internal sealed class ConnectionDrainer(ConnectionRegistry registry, IOptions<GatewayOptions> options, GatewayLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        log.Draining(registry.Count);
        await registry.DrainAsync(options.Value.ShutdownTimeout);
    }
}
