namespace Connect4.Runtime.Membership;

/// <summary>Settings of a clustered node (configuration section <c>Cluster</c>).</summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>The Redis server for membership and grain state, as a StackExchange.Redis configuration string. Empty: not clustered (the embedded mode). Default empty.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Names the cluster: nodes with the same id and Redis form one cluster. Default "connect4".</summary>
    public string ClusterId { get; set; } = "connect4";

    /// <summary>The address this node listens on for other nodes. Default 127.0.0.1.</summary>
    public string ListenHost { get; set; } = "127.0.0.1";

    /// <summary>The port this node listens on for other nodes; 0 picks a free one. Default 0.</summary>
    public int Port { get; set; }

    /// <summary>The address other nodes use to reach this one. Default: <see cref="ListenHost"/>.</summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>How often a node renews its heartbeat. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A node whose heartbeat is older than this is dead. Default 3 s (Orleans' defaults take about 15 s).</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a node re-reads membership even with no announcement. Default 500 ms.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long opening a connection to another node may take. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public bool IsClustered => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>Checks the settings; the message names the setting, its value and the rule.</summary>
    public void Validate()
    {
        Require(Port is >= 0 and <= 65535, nameof(Port), Port, "a port number (0 to 65535)");
        Require(HeartbeatInterval > TimeSpan.Zero, nameof(HeartbeatInterval), HeartbeatInterval, "greater than zero");
        Require(DeathTimeout > HeartbeatInterval * 2, nameof(DeathTimeout), DeathTimeout, $"more than twice {nameof(HeartbeatInterval)} ({HeartbeatInterval})");
        Require(RefreshInterval > TimeSpan.Zero, nameof(RefreshInterval), RefreshInterval, "greater than zero");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), ConnectTimeout, "greater than zero");
        Require(!string.IsNullOrWhiteSpace(ClusterId), nameof(ClusterId), ClusterId, "non-empty");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{SectionName}:{name} is '{value}'; it must be {rule}.");
        }
    }
}
