using Connect4.SiloHost;
using Connect4.SiloHost.Operations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Connect4.Gateway;

/// <summary>Builds the gateway application; <c>Program.cs</c> and the tests both start it from here.</summary>
public static class GatewayApp
{
    /// <summary>Builds the app from <paramref name="args"/>, environment and appsettings; <paramref name="configure"/> runs last.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        // Embedded (the default): an Orleans silo in this process. Client: an Orleans client of a cluster of silos.
        var mode = builder.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Mode)}"] ?? GatewayOptions.EmbeddedMode;
        switch (mode.ToLowerInvariant())
        {
            case GatewayOptions.EmbeddedMode:
                builder.UseOrleans(silo => silo.UseConnect4(builder.Configuration));
                break;
            case GatewayOptions.ClientMode:
                builder.UseOrleansClient(client => client.UseConnect4Client(builder.Configuration));
                builder.Services.AddSingleton<ClusterConnection>();
                builder.Services.AddSingleton<IClusterConnectionStatusObserver>(sp => sp.GetRequiredService<ClusterConnection>());
                break;
            default:
                throw new InvalidOperationException(
                    $"{GatewayOptions.SectionName}:{nameof(GatewayOptions.Mode)} is '{mode}'; it must be '{GatewayOptions.EmbeddedMode}' or '{GatewayOptions.ClientMode}'.");
        }

        builder.Services.AddGateway(builder.Configuration);

        var app = builder.Build();
        app.MapGateway();
        if (mode.Equals(GatewayOptions.EmbeddedMode, StringComparison.OrdinalIgnoreCase))
        {
            app.MapConnect4Dashboard();
        }

        app.Lifetime.ApplicationStarted.Register(() => LogUrl(app));
        return app;
    }

    private static void LogUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is not null)
        {
            app.Services.GetRequiredService<GatewayLog>().Ready(address.Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal));
        }
    }
}
