using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Connect4.Tests.Infrastructure;

/// <summary>One silo of a <see cref="SiloCluster"/>, in its own host.</summary>
public sealed class SiloNode(IHost host)
{
    public IHost Host { get; } = host;

    public SiloAddress Address { get; } = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>A client of the cluster that calls from inside this silo.</summary>
    public IClusterClient Client => Host.Services.GetRequiredService<IClusterClient>();

    public bool Alive { get; internal set; } = true;

    public override string ToString() => Address.ToString();
}

/// <summary>
/// Real silos in the test process, each a host of its own configured exactly as <c>silo/Program.cs</c> configures one
/// (<see cref="SiloSetup.UseConnect4"/>: Redis clustering, Redis grain storage, the tuned membership), on free
/// loopback ports and a cluster id of their own, sharing a real Redis server. Gateways in client mode join it with
/// <see cref="Settings"/>.
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly List<SiloNode> _silos = [];
    private readonly List<IHost> _clients = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _siloServices;

    private SiloCluster(string redis, string clusterId, IDictionary<string, string?>? settings, Action<IServiceCollection>? siloServices)
    {
        _siloServices = siloServices;
        ClusterId = clusterId;
        _settings = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis,
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ClusterId { get; }

    /// <summary>The settings every node of this cluster starts with (for gateways in client mode too).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public IReadOnlyList<SiloNode> Silos => _silos.Where(n => n.Alive).ToList();

    /// <param name="siloServices">Runs on each silo's services after the silo's own registrations (to decorate them).</param>
    public static async Task<SiloCluster> StartAsync(string redis, int silos = 3, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? siloServices = null)
    {
        var cluster = new SiloCluster(redis, $"test-{Guid.NewGuid():N}", settings, siloServices);
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForMembershipAsync();
        return cluster;
    }

    public async Task<SiloNode> AddSiloAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Port"] = Loopback.FreePortSetting(),
            ["Cluster:GatewayPort"] = Loopback.FreePortSetting(),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseConnect4(builder.Configuration));
        _siloServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var node = new SiloNode(host);
        _silos.Add(node);
        return node;
    }

    /// <summary>Starts an Orleans client of this cluster (as a gateway in client mode has), stopped with the cluster.</summary>
    public async Task<IClusterClient> AddClientAsync()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseConnect4Client(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        _clients.Add(host);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The live silo a game is active on.</summary>
    public SiloNode HomeOf(string gameId) =>
        Silos.Single(s => s.Host.Services.GetRequiredService<Connect4.Grains.Games.HostedGames>().Ids.Contains(gameId));

    /// <summary>Crashes a silo: Orleans stops it ungracefully (no hand-off, no goodbye to membership), as a SIGKILL would.</summary>
    public async Task KillAsync(SiloNode node)
    {
        node.Alive = false;
        await node.Host.StopAsync(new CancellationToken(canceled: true));
        node.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully: it hands its grains off and leaves membership.</summary>
    public async Task StopAsync(SiloNode node)
    {
        node.Alive = false;
        await node.Host.StopAsync(TimeSpan.FromSeconds(30));
        node.Host.Dispose();
    }

    /// <summary>Waits until every live silo sees exactly the live silos as active.</summary>
    public async Task WaitForMembershipAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var alive = Silos.Select(n => n.Address).ToHashSet();
            var agreed = Silos.All(n =>
            {
                var active = n.Host.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                return active.SetEquals(alive);
            });
            if (agreed)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Membership of cluster {ClusterId} did not settle within {limit} on [{string.Join(", ", alive)}]");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.StopAsync(TimeSpan.FromSeconds(5));
            client.Dispose();
        }

        foreach (var node in _silos.Where(n => n.Alive).Reverse())
        {
            node.Alive = false;
            try
            {
                await node.Host.StopAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // A silo that cannot leave cleanly (Redis already gone) is killed with the test process anyway.
            }
            finally
            {
                node.Host.Dispose();
            }
        }
    }
}
