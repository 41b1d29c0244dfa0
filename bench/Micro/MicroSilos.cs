using System.Net;
using System.Net.Sockets;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Connect4.Bench.Micro;

/// <summary>
/// Orleans silos in this process for the grain call benchmarks, each a host of its own with no configuration files and
/// no log output (BenchmarkDotNet owns the console). Calls go through each silo's co-hosted client
/// (<see cref="IClusterClient"/> resolved from the silo's services), as the embedded gateway makes them.
/// </summary>
internal static class MicroSilos
{
    /// <summary>The cluster id of the two silos of <see cref="StartPairAsync"/>.</summary>
    private const string PairCluster = "micro";

    /// <summary>
    /// A silo alone, set up as the embedded gateway's (<see cref="SiloSetup.UseConnect4"/> with no <c>Cluster:Redis</c>:
    /// localhost clustering on a free port, in-memory grain state): the Connect 4 grains and <see cref="PingGrain"/>
    /// (found by Orleans in this assembly, which its code generator processes).
    /// </summary>
    public static async Task<IHost> StartStandaloneAsync()
    {
        var builder = CreateBuilder();
        builder.UseOrleans(silo => silo.UseConnect4(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>
    /// Two silos of one cluster (Orleans' development clustering: A is the primary silo, B joins it), each listening
    /// for silo-to-silo traffic on its own free loopback port, with no client gateway; returns once each sees both
    /// active. Activations stay for a day, so a grain placed at setup is still where it was at the last iteration.
    /// </summary>
    public static async Task<(IHost A, IHost B)> StartPairAsync(TimeSpan timeout)
    {
        var portA = FreeLoopbackPort();
        var a = await StartClusteredAsync(portA, primary: null);
        IHost? b = null;
        try
        {
            b = await StartClusteredAsync(FreeLoopbackPort(), primary: new IPEndPoint(IPAddress.Loopback, portA));
            await WaitForMembershipAsync([a, b], timeout);
            return (a, b);
        }
        catch
        {
            await StopAsync(b);
            await StopAsync(a);
            throw;
        }
    }

    private static async Task<IHost> StartClusteredAsync(int siloPort, IPEndPoint? primary)
    {
        var builder = CreateBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort: 0, primarySiloEndpoint: primary, serviceId: PairCluster, clusterId: PairCluster);
            silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(1));
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Waits until each silo's membership view holds all of them, active.</summary>
    private static async Task WaitForMembershipAsync(IReadOnlyList<IHost> silos, TimeSpan timeout)
    {
        var views = silos.Select(s => s.Services.GetRequiredService<IClusterMembershipService>()).ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (!views.All(v => v.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) == silos.Count))
        {
            if (DateTime.UtcNow > deadline)
            {
                var seen = string.Join("; ", views.Select(v => string.Join(", ", v.CurrentSnapshot.Members.Values.Select(m => $"{m.SiloAddress} {m.Status}"))));
                throw new TimeoutException($"The {silos.Count} silos did not all see each other active within {timeout}: {seen}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The address of the silo <paramref name="host"/> runs, as <see cref="IPingGrain.Silo"/> reports it.</summary>
    public static string AddressOf(IHost host) => host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString();

    /// <summary>The co-hosted client of the silo <paramref name="host"/> runs: its calls start on that silo.</summary>
    public static IClusterClient ClientOf(IHost host) => host.Services.GetRequiredService<IClusterClient>();

    public static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        await host.StopAsync(TimeSpan.FromSeconds(10));
        host.Dispose();
    }

    private static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection();
        builder.Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
