using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect4.SiloHost;

/// <summary>A silo's health: on HTTP (<c>/healthz</c>, <c>/readyz</c>) and as a periodic line in its log.</summary>
public static partial class SiloHealth
{
    public static IServiceCollection AddSiloHealth(this IServiceCollection services) => services.AddHostedService<HealthReporter>();

    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (IServiceProvider services) => Report(services) is { Ready: true } report
            ? Results.Json(report)
            : Results.Json(Report(services), statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    /// <summary>What a silo says of itself: ready while it is an active member hosting grains.</summary>
    public sealed record HealthReport(bool Ready, string NodeId, string Status, int Silos, int Activations);

    public static HealthReport Report(IServiceProvider services)
    {
        var silo = services.GetRequiredService<Silo>();
        var node = services.GetService<ClusterNodeService>();
        if (node is null)
        {
            var id = services.GetRequiredService<NodeIdentity>().NodeId;
            return new HealthReport(true, id, "standalone", 1, silo.ActivationCount);
        }

        var view = node.Membership.View;
        var self = view.Find(node.NodeId);
        return new HealthReport(self is { Status: NodeStatus.Active }, node.NodeId, self?.Status.ToString() ?? "joining",
            view.ActiveSilos.Count, silo.ActivationCount);
    }

    private sealed partial class HealthReporter(IServiceProvider services, ILogger<HealthReporter> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30));
            try
            {
                do
                {
                    var report = Report(services);
                    LogHealth(report.NodeId, report.Status, report.Silos, report.Activations);
                }
                while (await timer.WaitForNextTickAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        [LoggerMessage(4000, LogLevel.Information, "Silo {NodeId} is {Status}: {Silos} active silos in view, {Activations} activations here")]
        private partial void LogHealth(string nodeId, string status, int silos, int activations);
    }
}
