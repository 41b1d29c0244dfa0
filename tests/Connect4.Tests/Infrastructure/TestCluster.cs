using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Infrastructure;

/// <summary>One node of a <see cref="TestCluster"/>: a silo or a client, in its own host.</summary>
public sealed class TestNode(IHost host, bool isSilo)
{
    private readonly string _nodeId = host.Services.GetRequiredService<ClusterNodeService>().NodeId;

    public IHost Host { get; } = host;

    public bool IsSilo { get; } = isSilo;

    public ClusterNodeService Node => Host.Services.GetRequiredService<ClusterNodeService>();

    public string NodeId => _nodeId;

    public IClusterClient Client => Host.Services.GetRequiredService<IClusterClient>();

    public Silo? Silo => IsSilo ? Host.Services.GetRequiredService<Silo>() : null;

    public bool Alive { get; internal set; } = true;

    public override string ToString() => NodeId;
}

/// <summary>
/// A cluster in the test process: silos and clients, each a host of its own with its own node endpoint on a
/// loopback port, sharing a real Redis server (membership and grain state) under a cluster id of their own.
/// Membership timings are shortened so failures are detected in about a second.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestNode> _nodes = [];
    private readonly Dictionary<string, string?> _settings;

    private readonly Action<IServiceCollection>? _siloServices;

    private TestCluster(string redis, string clusterId, IDictionary<string, string?>? settings, Action<IServiceCollection>? siloServices)
    {
        _siloServices = siloServices;
        ClusterId = clusterId;
        _settings = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis,
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:HeartbeatInterval"] = "00:00:00.250",
            ["Cluster:DeathTimeout"] = "00:00:01.500",
            ["Cluster:RefreshInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string ClusterId { get; }

    /// <summary>The settings every node of this cluster starts with (for gateways in client mode too).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public IReadOnlyList<TestNode> Silos => _nodes.Where(n => n.IsSilo && n.Alive).ToList();

    public IReadOnlyList<TestNode> Clients => _nodes.Where(n => !n.IsSilo && n.Alive).ToList();

    /// <param name="siloServices">Runs on each silo's services after the silo's own registrations (to decorate them).</param>
    public static async Task<TestCluster> StartAsync(string redis, int silos = 3, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? siloServices = null)
    {
        var cluster = new TestCluster(redis, $"test-{Guid.NewGuid():N}", settings, siloServices);
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForMembershipAsync();
        return cluster;
    }

    public Task<TestNode> AddSiloAsync() => StartNodeAsync(isSilo: true);

    public Task<TestNode> AddClientAsync() => StartNodeAsync(isSilo: false);

    private async Task<TestNode> StartNodeAsync(bool isSilo)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (isSilo)
        {
            builder.Services.AddConnect4Silo(builder.Configuration, silo => silo.AddGrains(typeof(TestCluster).Assembly));
            _siloServices?.Invoke(builder.Services);
        }
        else
        {
            builder.Services.AddConnect4ClusterClient(builder.Configuration);
        }

        var host = builder.Build();
        await host.StartAsync();
        var node = new TestNode(host, isSilo);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Crashes a node: no goodbye, connections dropped, activations lost without persisting.</summary>
    public async Task KillAsync(TestNode node)
    {
        node.Alive = false;
        await node.Node.KillAsync();
        await node.Host.StopAsync(TimeSpan.FromSeconds(5));
        node.Host.Dispose();
    }

    /// <summary>Stops a node gracefully: a silo hands its grains off and leaves membership.</summary>
    public async Task StopAsync(TestNode node)
    {
        node.Alive = false;
        await node.Host.StopAsync(TimeSpan.FromSeconds(30));
        node.Host.Dispose();
    }

    /// <summary>Stops a silo gracefully and starts a new one in its place.</summary>
    public async Task<TestNode> RestartAsync(TestNode node)
    {
        await StopAsync(node);
        return await StartNodeAsync(node.IsSilo);
    }

    /// <summary>Waits until every live node's view holds exactly the live nodes, all active.</summary>
    public async Task WaitForMembershipAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var alive = _nodes.Where(n => n.Alive).Select(n => n.NodeId).Order(StringComparer.Ordinal).ToList();
            var agreed = _nodes.Where(n => n.Alive).All(n =>
                n.Node.Membership.View.Nodes.Select(v => v.NodeId).SequenceEqual(alive)
                && n.Node.Membership.View.Nodes.All(v => v.Status == global::Connect4.Runtime.Membership.NodeStatus.Active));
            if (agreed)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var views = string.Join("; ", _nodes.Where(n => n.Alive).Select(n => $"{n.NodeId} sees {n.Node.Membership.View}"));
                throw new TimeoutException($"Membership of cluster {ClusterId} did not settle within {limit} on [{string.Join(", ", alive)}]: {views}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Where(n => n.Alive).Reverse())
        {
            node.Alive = false;
            try
            {
                await node.Host.StopAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                node.Host.Dispose();
            }
        }
    }
}
