using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect4.Bench.Micro;

/// <summary>
/// Silos in this process for the grain call benchmarks, each a host of its own with no configuration files and no
/// log output (BenchmarkDotNet owns the console).
/// </summary>
internal static class MicroSilos
{
    /// <summary>A silo alone (the embedded mode): the Connect 4 grains and <see cref="PingGrain"/>, in-memory storage.</summary>
    public static async Task<IHost> StartStandaloneAsync()
    {
        var builder = CreateBuilder(new Dictionary<string, string?>());
        builder.Services.AddConnect4Silo(builder.Configuration, silo => silo.AddGrains(typeof(PingGrain).Assembly));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// A clustered silo hosting <see cref="PingGrain"/>: it listens for other nodes on a free loopback port and
    /// joins the membership in <paramref name="table"/>; grain state stays in its own memory.
    /// </summary>
    public static async Task<IHost> StartClusteredAsync(IMembershipTable table)
    {
        var builder = CreateBuilder(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = "micro",
            ["Cluster:ListenHost"] = "127.0.0.1",
            ["Cluster:Port"] = "0",
        });
        builder.Services.AddSingleton(table);
        builder.Services.AddSilo(builder.Configuration, silo => silo.AddGrains(typeof(PingGrain).Assembly).UseClustering());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until each silo's view holds all of them, active.</summary>
    public static async Task WaitForMembershipAsync(IReadOnlyList<IHost> silos, TimeSpan timeout)
    {
        var nodes = silos.Select(s => s.Services.GetRequiredService<ClusterNodeService>()).ToList();
        var ids = nodes.Select(n => n.NodeId).Order(StringComparer.Ordinal).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (!nodes.All(n => n.Membership.View.ActiveSilos.Select(s => s.NodeId).SequenceEqual(ids)))
        {
            if (DateTime.UtcNow > deadline)
            {
                var views = string.Join("; ", nodes.Select(n => $"{n.NodeId} sees {n.Membership.View}"));
                throw new TimeoutException($"The silos [{string.Join(", ", ids)}] did not all see each other within {timeout}: {views}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The first key ping-0, ping-1, ... whose <see cref="IPingGrain"/> placement (rendezvous hashing over the
    /// caller's view) picks <paramref name="home"/>.
    /// </summary>
    public static IPingGrain PingPlacedOn(IHost caller, IHost home)
    {
        var view = caller.Services.GetRequiredService<ClusterNodeService>().Membership.View;
        var homeId = home.Services.GetRequiredService<ClusterNodeService>().NodeId;
        var client = caller.Services.GetRequiredService<IClusterClient>();
        for (var i = 0; i < 1000; i++)
        {
            var grain = client.GetGrain<IPingGrain>($"ping-{i}");
            if (Placement.Pick(grain.GetGrainId(), view.ActiveSilos)?.NodeId == homeId)
            {
                return grain;
            }
        }

        throw new InvalidOperationException($"No key ping-0 to ping-999 is placed on {homeId} in the view {view}.");
    }

    public static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        await host.StopAsync(TimeSpan.FromSeconds(10));
        host.Dispose();
    }

    private static HostApplicationBuilder CreateBuilder(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        return builder;
    }
}
