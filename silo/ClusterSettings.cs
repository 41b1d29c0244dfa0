using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Connect4.SiloHost;

/// <summary>
/// Where a node finds its cluster (configuration section <c>Cluster</c>; environment variables <c>Cluster__Redis</c>
/// and so on). Orleans' own options are tuned in <see cref="OrleansTuning"/>.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// The Redis server for membership and grain state, as a StackExchange.Redis configuration string. Empty: not
    /// clustered (the embedded mode: localhost clustering, in-memory state). Default empty.
    /// </summary>
    public string Redis { get; set; } = "";

    /// <summary>Names the cluster: silos and clients with the same id and Redis form one cluster. Default "connect4".</summary>
    public string ClusterId { get; set; } = "connect4";

    /// <summary>Names the service; grain state is keyed by it, so it must stay the same across deployments. Default "connect4".</summary>
    public string ServiceId { get; set; } = "connect4";

    /// <summary>The address a silo listens on: 0.0.0.0 for every interface, else the advertised address only. Default 127.0.0.1.</summary>
    public string ListenHost { get; set; } = "127.0.0.1";

    /// <summary>The host name or address other silos and clients use to reach this silo. Default: <see cref="ListenHost"/>.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>The silo-to-silo port; 0 picks a free one (the embedded default). Default 11111 in a cluster.</summary>
    public int? Port { get; set; }

    /// <summary>The port Orleans clients (gateways in client mode) connect to; 0 opens none. Default 30000 in a cluster, 0 embedded.</summary>
    public int? GatewayPort { get; set; }

    public bool IsClustered => !string.IsNullOrWhiteSpace(Redis);

    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = new ClusterSettings();
        configuration.GetSection(SectionName).Bind(settings);
        settings.Validate();
        return settings;
    }

    /// <summary>
    /// The Redis configuration. The connection retries in the background rather than failing start-up, and its I/O
    /// runs on .NET's thread pool rather than StackExchange.Redis's own dedicated threads, which spin while they wait
    /// (measured in a silo: over a third of its samples), a poor trade with several processes on a few cores.
    /// </summary>
    public ConfigurationOptions RedisOptions()
    {
        var options = ConfigurationOptions.Parse(Redis);
        options.AbortOnConnectFail = false;
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }

    public int SiloPort() => Port is > 0 ? Port.Value : IsClustered && Port is null ? 11111 : FreeLoopbackPort();

    public int ClientPort() => GatewayPort ?? (IsClustered ? 30000 : 0);

    /// <summary>The address advertised to the cluster: <see cref="AdvertisedHost"/> resolved to an IPv4 address.</summary>
    public IPAddress AdvertisedAddress()
    {
        var host = AdvertisedHost ?? (ListenHost == "0.0.0.0" ? "127.0.0.1" : ListenHost);
        return IPAddress.TryParse(host, out var address)
            ? address
            : Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork);
    }

    public void Validate()
    {
        Require(Port is null or (>= 0 and <= 65535), nameof(Port), Port, "a port number (0 to 65535)");
        Require(GatewayPort is null or (>= 0 and <= 65535), nameof(GatewayPort), GatewayPort, "a port number (0 to 65535)");
        Require(!string.IsNullOrWhiteSpace(ClusterId), nameof(ClusterId), ClusterId, "non-empty");
        Require(!string.IsNullOrWhiteSpace(ServiceId), nameof(ServiceId), ServiceId, "non-empty");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Require(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{SectionName}:{name} is '{value}'; it must be {rule}.");
        }
    }
}
