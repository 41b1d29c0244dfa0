using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connect4.SiloHost.Operations;

/// <summary>
/// Liveness and readiness on ASP.NET Core's health checks, for silos and gateways alike: <c>/healthz</c> answers 200
/// while the process serves HTTP (it runs no check); <c>/readyz</c> runs the checks tagged <see cref="ReadyTag"/> and
/// answers 200 when all pass, 503 otherwise. In a cluster one of those checks is Redis (a PING within 2 s).
/// </summary>
public static class Health
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string ReadyTag = "ready";

    /// <summary>How long the Redis check waits for its PING before calling Redis down.</summary>
    public static readonly TimeSpan RedisTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The health checks every node has; the caller adds its own readiness check to what this returns.</summary>
    public static IHealthChecksBuilder AddConnect4HealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks();
        var cluster = ClusterSettings.From(configuration);
        if (cluster.IsClustered)
        {
            // The package's own connection (made without blocking, kept for later checks), so that its PING says whether
            // Redis answers, not whether Orleans' connections are busy.
            checks.AddRedis(cluster.RedisOptions().ToString(), name: "redis", tags: [ReadyTag], timeout: RedisTimeout);
        }

        return checks;
    }

    /// <summary>Maps <c>/healthz</c> (200 "ok") and <c>/readyz</c>, written by <paramref name="writeReadiness"/>.</summary>
    public static WebApplication MapConnect4Health(this WebApplication app, Func<HttpContext, HealthReport, Task> writeReadiness)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) => context.Response.WriteAsync("ok"),
        });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = writeReadiness,
        });
        return app;
    }

    /// <summary>The names of the checks that did not pass, for a readiness body.</summary>
    public static IEnumerable<string> Failing(HealthReport report) =>
        report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key);
}
