using Connect4.SiloHost;
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

        // The embedded mode: a silo in this process, with in-memory storage.
        builder.Services.AddConnect4Silo(builder.Configuration);
        builder.Services.AddGateway(builder.Configuration);

        var app = builder.Build();
        app.MapGateway();
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
