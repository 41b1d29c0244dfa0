using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Connect4.Runtime.Redis;

/// <summary>
/// Grain storage in Redis, with the same etag rules as <c>InMemoryGrainStorage</c>. Each grain state is one hash,
/// <c>c4:{clusterId}:state:{grainType}/{grainKey}/{stateName}</c>, with the fields <c>data</c> (the serialized state)
/// and <c>etag</c>. Writes and clears are compare-and-swap Lua scripts on the etag; every write stores a fresh
/// random etag (a GUID), so an etag from before a clear can never match the record written after it.
/// Faults (Redis unreachable, timeouts) surface as exceptions; the runtime wraps them.
/// </summary>
public sealed partial class RedisGrainStorage : IGrainStorage
{
    /// <summary>
    /// KEYS[1] the record; ARGV[1] '1' when an etag is expected, '0' when no record may exist; ARGV[2] the expected etag;
    /// ARGV[3] the data; ARGV[4] the new etag. Returns {1} when written, else {0, stored etag} ({0} when there is no record).
    /// </summary>
    /// <summary>The etag check both scripts start with: returns early, refusing, when the stored etag is not the expected one.</summary>
    private const string CheckEtag = """
        local stored = redis.call('HGET', KEYS[1], 'etag')
        if ARGV[1] == '1' then
          if stored ~= ARGV[2] then
            if stored then return {0, stored} else return {0} end
          end
        elseif stored then
          return {0, stored}
        end

        """;

    internal const string WriteScript = CheckEtag + """
        redis.call('HSET', KEYS[1], 'data', ARGV[3], 'etag', ARGV[4])
        return {1}
        """;

    /// <summary>As <see cref="WriteScript"/> (ARGV[1] and ARGV[2]), but deletes the record.</summary>
    internal const string ClearScript = CheckEtag + """
        redis.call('DEL', KEYS[1])
        return {1}
        """;

    private static readonly RedisValue[] Fields = ["data", "etag"];

    private readonly RedisConnection _connection;
    private readonly string _prefix;
    private readonly ILogger<RedisGrainStorage> _logger;

    public RedisGrainStorage(RedisConnection connection, string clusterId, ILogger<RedisGrainStorage>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        _connection = connection;
        _prefix = $"c4:{clusterId}:state:";
        _logger = logger ?? NullLogger<RedisGrainStorage>.Instance;
    }

    /// <summary>The Redis key of a grain state's hash.</summary>
    public string KeyOf(GrainId grainId, string stateName) => $"{_prefix}{grainId.Type}/{grainId.Key}/{stateName}";

    public async Task<StoredState?> ReadAsync(GrainId grainId, string stateName)
    {
        var values = await _connection.RunAsync(db => db.HashGetAsync(KeyOf(grainId, stateName), Fields));
        if (values.Length < 2 || values[1].IsNull)
        {
            return null;
        }

        var data = values[0].IsNull ? [] : (byte[])values[0]!;
        return new StoredState(data, (string)values[1]!);
    }

    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedEtag)
    {
        var etag = Guid.NewGuid().ToString("N");
        var result = await _connection.RunAsync(db => db.ScriptEvaluateAsync(
            WriteScript,
            [KeyOf(grainId, stateName)],
            [expectedEtag is null ? "0" : "1", expectedEtag ?? "", data.ToArray(), etag]));
        Check(result, grainId, stateName, expectedEtag, "write");
        return etag;
    }

    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag)
    {
        var result = await _connection.RunAsync(db => db.ScriptEvaluateAsync(
            ClearScript,
            [KeyOf(grainId, stateName)],
            [expectedEtag is null ? "0" : "1", expectedEtag ?? ""]));
        Check(result, grainId, stateName, expectedEtag, "clear");
    }

    private void Check(RedisResult result, GrainId grainId, string stateName, string? expectedEtag, string operation)
    {
        var parts = (RedisResult[])result!;
        if ((long)parts[0] == 1)
        {
            return;
        }

        var stored = parts.Length > 1 ? (string?)parts[1] : null;
        LogRefused(operation, stateName, grainId, stored ?? "(none)", expectedEtag ?? "(none)");
        throw new InconsistentStateException(
            $"State '{stateName}' of {grainId} has etag {stored ?? "(none)"}, the writer expected {expectedEtag ?? "(none)"}.");
    }

    [LoggerMessage(1210, LogLevel.Debug, "Redis refused the {Operation} of state '{StateName}' of {GrainId}: it has etag {StoredEtag}, the writer expected {ExpectedEtag}")]
    private partial void LogRefused(string operation, string stateName, GrainId grainId, string storedEtag, string expectedEtag);
}
