using Connect4.Grains.Games;
using Connect4.SiloHost.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Connect4.SiloHost;

/// <summary>
/// A silo's health: on HTTP (<c>/healthz</c>, <c>/readyz</c>, through <see cref="Health"/>) and as a periodic line in its
/// log. Ready while Orleans' membership holds this silo active and, in a cluster, Redis answers.
/// </summary>
public static partial class SiloHealth
{
    public static IServiceCollection AddSiloHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddConnect4HealthChecks(configuration).AddCheck<MembershipCheck>("orleans", tags: [Health.ReadyTag]);
        return services.AddHostedService<HealthReporter>();
    }

    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        // The body is this silo's report (the cluster's tools read nodeId and silos from it) with each check's status.
        app.MapConnect4Health((context, health) =>
        {
            var report = Report(context.RequestServices) with { Ready = health.Status == HealthStatus.Healthy };
            var checks = health.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString());
            return context.Response.WriteAsJsonAsync(new { report.Ready, report.NodeId, report.Status, report.Silos, checks });
        });

        // The games active here: which ones this silo's death would move (for operators and the failover tools).
        app.MapGet("/games", (HostedGames games) => Results.Json(new { games = games.Ids }));
        return app;
    }

    /// <summary>What a silo says of itself: ready while Orleans' membership holds it active.</summary>
    public sealed record HealthReport(bool Ready, string NodeId, string Status, int Silos);

    public static HealthReport Report(IServiceProvider services)
    {
        var self = services.GetRequiredService<ILocalSiloDetails>();
        var snapshot = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot;
        var status = snapshot.GetSiloStatus(self.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return new HealthReport(status == SiloStatus.Active, self.Name, status.ToString(), active);
    }

    /// <summary>Ready while Orleans' membership holds this silo active.</summary>
    private sealed class MembershipCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(Report(services) is { Ready: true } report
                ? HealthCheckResult.Healthy($"{report.NodeId} is active")
                : HealthCheckResult.Unhealthy("this silo is not active in the cluster's membership"));
    }

    private sealed partial class HealthReporter(IServiceProvider services, ILogger<HealthReporter> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    var report = Report(services);
                    LogHealth(report.NodeId, report.Status, report.Silos);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        [LoggerMessage(4000, LogLevel.Information, "Silo {NodeId} is {Status}: {Silos} active silos in view")]
        private partial void LogHealth(string nodeId, string status, int silos);
    }
}
