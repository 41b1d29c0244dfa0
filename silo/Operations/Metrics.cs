using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Connect4.SiloHost.Operations;

/// <summary>
/// Prometheus metrics at <c>/metrics</c> through OpenTelemetry: Orleans' meter, ASP.NET Core's requests, the .NET
/// runtime's, and the game's own (every meter named <c>Connect4.*</c>). On by default; <c>Metrics__Enabled=false</c>
/// turns the endpoint and the collection off.
/// </summary>
/// <remarks>
/// Not Kestrel's meter, nor the rest of what <c>AddAspNetCoreInstrumentation</c> would add: while a meter is listened to,
/// Kestrel keeps a metrics context with every connection for its whole life, and a gateway's connections are its
/// players' WebSockets. Measured with <c>scripts/perf.sh memory</c> (10,000 idle connections): 16.8 KB of managed heap
/// per connection with every ASP.NET Core meter, 16.4 KB with the hosting meter alone, 16.2 KB with none; open
/// connections are counted by <c>connect4_connections</c> instead.
/// </remarks>
public static class Metrics
{
    public const string Path = "/metrics";

    /// <summary>The meters exported besides the runtime's (which its instrumentation package adds).</summary>
    public static readonly IReadOnlyList<string> Meters = ["Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Connect4.*"];

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);

    public static IServiceCollection AddConnect4Metrics(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. Meters])
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapConnect4Metrics(this WebApplication app)
    {
        if (Enabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(Path);
        }

        return app;
    }
}
