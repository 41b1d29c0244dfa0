using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Connect4.SiloHost.Operations;

/// <summary>
/// Prometheus metrics at <c>/metrics</c> through OpenTelemetry: Orleans' meter, ASP.NET Core's and Kestrel's, the .NET
/// runtime's, and the game's own (every meter named <c>Connect4.*</c>). On by default; <c>Metrics__Enabled=false</c>
/// turns the endpoint and the collection off.
/// </summary>
public static class Metrics
{
    public const string Path = "/metrics";

    /// <summary>The meters exported besides the instrumentation packages' own (ASP.NET Core's and the runtime's).</summary>
    public static readonly IReadOnlyList<string> Meters = ["Microsoft.Orleans", "Connect4.*"];

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);

    public static IServiceCollection AddConnect4Metrics(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Enabled(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. Meters])
            .AddAspNetCoreInstrumentation()
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
