using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace Connect4.SiloHost.Operations;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c> on a silo's HTTP port, behind <c>Dashboard:Enabled</c> (environment
/// <c>Dashboard__Enabled</c>): on by default in the embedded mode, off by default in a cluster. It has no login of its
/// own and shows every grain type and silo, so in a cluster it belongs behind the operators' network or a proxy that
/// asks for one. When the setting is off nothing of it is registered or mapped. A gateway in client mode hosts none.
/// </summary>
public static class Dashboard
{
    public const string Path = "/dashboard";

    public static bool Enabled(IConfiguration configuration) =>
        configuration.GetValue<bool?>("Dashboard:Enabled") ?? !ClusterSettings.From(configuration).IsClustered;

    public static ISiloBuilder AddConnect4Dashboard(this ISiloBuilder silo, IConfiguration configuration) =>
        Enabled(configuration) ? silo.AddDashboard() : silo;

    public static WebApplication MapConnect4Dashboard(this WebApplication app)
    {
        if (Enabled(app.Configuration))
        {
            app.MapOrleansDashboard(Path);
        }

        return app;
    }
}
