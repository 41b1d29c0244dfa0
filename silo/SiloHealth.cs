using Connect4.Grains.Games;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Connect4.SiloHost;

/// <summary>A silo's health: on HTTP (<c>/healthz</c>, <c>/readyz</c>) and as a periodic line in its log.</summary>
public static partial class SiloHealth
{
    public static IServiceCollection AddSiloHealth(this IServiceCollection services) => services.AddHostedService<HealthReporter>();

    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (IServiceProvider services) => Report(services) is var report && report.Ready
            ? Results.Json(report)
            : Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable));

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
