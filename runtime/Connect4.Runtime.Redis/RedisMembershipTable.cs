using System.Text.Json;
using System.Text.Json.Serialization;
using Connect4.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Connect4.Runtime.Redis;

/// <summary>
/// The membership table in Redis. Each node's record is a field of the hash <c>c4:{clusterId}:nodes</c> (the
/// <see cref="NodeInfo"/> as JSON); its heartbeat is the key <c>c4:{clusterId}:hb:{nodeId}</c>, which expires after
/// the heartbeat's time to live, so liveness is judged by Redis's clock rather than the nodes'. Changes are announced
/// on the channel <c>c4:{clusterId}:membership</c>.
/// </summary>
public sealed partial class RedisMembershipTable : IMembershipTable
{
    /// <summary>KEYS[1] the nodes hash, KEYS[2] the heartbeat key; ARGV[1] node id, ARGV[2] record, ARGV[3] time to live (ms).</summary>
    internal const string HeartbeatScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS[1] the nodes hash; ARGV[1] the heartbeat key prefix. Removes the records whose heartbeat key is gone
    /// (a death declaration) and returns {number removed, removed ids..., live records...}.
    /// </summary>
    internal const string ReadLiveScript = """
        local all = redis.call('HGETALL', KEYS[1])
        local dead = {}
        local live = {}
        for i = 1, #all, 2 do
          if redis.call('EXISTS', ARGV[1] .. all[i]) == 1 then
            live[#live + 1] = all[i + 1]
          else
            redis.call('HDEL', KEYS[1], all[i])
            dead[#dead + 1] = all[i]
          end
        end
        local result = {#dead}
        for _, id in ipairs(dead) do result[#result + 1] = id end
        for _, record in ipairs(live) do result[#result + 1] = record end
        return result
        """;

    /// <summary>KEYS[1] the nodes hash, KEYS[2] the heartbeat key; ARGV[1] node id.</summary>
    internal const string RemoveScript = """
        redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 1
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly RedisConnection _connection;
    private readonly string _nodesKey;
    private readonly string _heartbeatPrefix;
    private readonly RedisChannel _channel;
    private readonly ILogger<RedisMembershipTable> _logger;

    public RedisMembershipTable(RedisConnection connection, string clusterId, ILogger<RedisMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _connection = connection;
        ClusterId = clusterId;
        _nodesKey = $"c4:{clusterId}:nodes";
        _heartbeatPrefix = $"c4:{clusterId}:hb:";
        _channel = new RedisChannel($"c4:{clusterId}:membership", RedisChannel.PatternMode.Literal);
        _logger = logger ?? NullLogger<RedisMembershipTable>.Instance;
    }

    public string ClusterId { get; }

    /// <summary>The hash holding the node records.</summary>
    public string NodesKey => _nodesKey;

    /// <summary>The expiring key that is a node's heartbeat.</summary>
    public string HeartbeatKeyOf(string nodeId) => _heartbeatPrefix + nodeId;

    /// <summary>The channel on which membership changes are announced.</summary>
    public string Channel => _channel.ToString();

    public async Task HeartbeatAsync(NodeInfo self, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(self);
        var milliseconds = (long)Math.Ceiling(ttl.TotalMilliseconds);
        if (milliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A heartbeat's time to live must be positive.");
        }

        await _connection.RunAsync(db => db.ScriptEvaluateAsync(
            HeartbeatScript,
            [_nodesKey, HeartbeatKeyOf(self.NodeId)],
            [self.NodeId, JsonSerializer.Serialize(self, Json), milliseconds]));
    }

    public async Task<IReadOnlyList<NodeInfo>> ReadLiveAsync()
    {
        var result = await _connection.RunAsync(db => db.ScriptEvaluateAsync(ReadLiveScript, [_nodesKey], [_heartbeatPrefix]));
        var parts = (RedisResult[])result!;
        var deadCount = (int)parts[0];
        var nodes = new List<NodeInfo>(parts.Length - 1 - deadCount);
        for (var i = 1 + deadCount; i < parts.Length; i++)
        {
            var record = (string?)parts[i];
            try
            {
                if (record is not null && JsonSerializer.Deserialize<NodeInfo>(record, Json) is { } node)
                {
                    nodes.Add(node);
                }
            }
            catch (JsonException e)
            {
                LogBadRecord(e, ClusterId, record);
            }
        }

        if (deadCount > 0)
        {
            var dead = parts.Skip(1).Take(deadCount).Select(p => (string?)p ?? "").ToList();
            LogDeclaredDead(string.Join(", ", dead), ClusterId);
            await NotifyChangedAsync();
        }

        return nodes;
    }

    public async Task RemoveAsync(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        await _connection.RunAsync(db => db.ScriptEvaluateAsync(RemoveScript, [_nodesKey, HeartbeatKeyOf(nodeId)], [nodeId]));
        LogRemoved(nodeId, ClusterId);
    }

    public async Task NotifyChangedAsync()
    {
        await _connection.RunAsync(db => db.PublishAsync(_channel, "changed"));
    }

    public async Task SubscribeAsync(Action onChanged)
    {
        ArgumentNullException.ThrowIfNull(onChanged);
        var subscriber = await _connection.GetSubscriberAsync();
        await subscriber.SubscribeAsync(_channel, (_, _) =>
        {
            try
            {
                onChanged();
            }
            catch (Exception e)
            {
                LogHandlerFailed(e, ClusterId);
            }
        }).WaitAsync(_connection.OperationTimeout);
    }

    [LoggerMessage(1220, LogLevel.Information, "Declared nodes {NodeIds} of cluster {ClusterId} dead: their heartbeats lapsed; their records were removed")]
    private partial void LogDeclaredDead(string nodeIds, string clusterId);

    [LoggerMessage(1221, LogLevel.Debug, "Removed node {NodeId} from the membership table of cluster {ClusterId}")]
    private partial void LogRemoved(string nodeId, string clusterId);

    [LoggerMessage(1222, LogLevel.Warning, "Skipped an unreadable node record in the membership table of cluster {ClusterId}: {Record}")]
    private partial void LogBadRecord(Exception exception, string clusterId, string? record);

    [LoggerMessage(1223, LogLevel.Warning, "A membership change handler of cluster {ClusterId} failed")]
    private partial void LogHandlerFailed(Exception exception, string clusterId);
}
