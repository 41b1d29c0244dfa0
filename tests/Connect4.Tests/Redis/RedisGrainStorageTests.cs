using System.Text;
using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Connect4.Runtime.Redis;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connect4.Tests.Redis;

[Collection("redis")]
public sealed class RedisGrainStorageTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly GrainId Game = new("game", "g-1");
    private readonly string _clusterId = RedisServerFixture.NewClusterId("storage");
    private RedisConnection _connection = null!;
    private RedisConnection _otherConnection = null!;
    private RedisGrainStorage _storage = null!;

    /// <summary>A second writer on its own connection, as another silo would be.</summary>
    private RedisGrainStorage _other = null!;

    public Task InitializeAsync()
    {
        _connection = new RedisConnection(redis.ConnectionString);
        _otherConnection = new RedisConnection(redis.ConnectionString);
        _storage = new RedisGrainStorage(_connection, _clusterId);
        _other = new RedisGrainStorage(_otherConnection, _clusterId);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _otherConnection.DisposeAsync();
    }

    [Fact]
    public async Task Round_trip_reads_back_what_was_written_with_a_new_etag_each_time()
    {
        Assert.Null(await _storage.ReadAsync(Game, "state"));

        var first = await _storage.WriteAsync(Game, "state", Bytes("one"), null);
        var read = await _other.ReadAsync(Game, "state");
        Assert.NotNull(read);
        Assert.Equal("one", Text(read.Data));
        Assert.Equal(first, read.Etag);

        var second = await _storage.WriteAsync(Game, "state", Bytes("two"), first);
        Assert.NotEqual(first, second);
        read = await _other.ReadAsync(Game, "state");
        Assert.Equal("two", Text(read!.Data));
        Assert.Equal(second, read.Etag);

        // Other state names and grains are other records.
        Assert.Null(await _storage.ReadAsync(Game, "other"));
        Assert.Null(await _storage.ReadAsync(new GrainId("game", "g-2"), "state"));
    }

    [Fact]
    public async Task Binary_and_empty_data_survive_the_round_trip()
    {
        var binary = new byte[] { 0, 255, 13, 10, 0, 1, 2, 128 };
        var etag = await _storage.WriteAsync(Game, "binary", binary, null);
        Assert.Equal(binary, (await _storage.ReadAsync(Game, "binary"))!.Data.ToArray());

        await _storage.WriteAsync(Game, "binary", ReadOnlyMemory<byte>.Empty, etag);
        var read = await _storage.ReadAsync(Game, "binary");
        Assert.NotNull(read);
        Assert.Equal(0, read.Data.Length);
    }

    [Fact]
    public async Task The_record_is_one_hash_with_data_and_etag_under_the_documented_key()
    {
        var etag = await _storage.WriteAsync(Game, "state", Bytes("payload"), null);

        var key = $"c4:{_clusterId}:state:game/g-1/state";
        Assert.Equal(key, _storage.KeyOf(Game, "state"));
        var db = await _connection.GetDatabaseAsync();
        var fields = (await db.HashGetAllAsync(key)).ToDictionary(e => (string)e.Name!, e => e.Value);
        Assert.Equal(["data", "etag"], fields.Keys.Order());
        Assert.Equal("payload", (string)fields["data"]!);
        Assert.Equal(etag, (string)fields["etag"]!);
    }

    [Fact]
    public async Task A_write_with_a_wrong_etag_is_refused_with_a_message_naming_grain_state_and_both_etags()
    {
        var etag = await _storage.WriteAsync(Game, "state", Bytes("one"), null);

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(Game, "state", Bytes("two"), "bogus"));
        Assert.Contains("game/g-1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'state'", refused.Message, StringComparison.Ordinal);
        Assert.Contains(etag, refused.Message, StringComparison.Ordinal);
        Assert.Contains("bogus", refused.Message, StringComparison.Ordinal);

        var read = await _storage.ReadAsync(Game, "state");
        Assert.Equal("one", Text(read!.Data));
        Assert.Equal(etag, read.Etag);
    }

    [Fact]
    public async Task A_stale_writer_is_refused_after_another_writer_came_first()
    {
        var original = await _storage.WriteAsync(Game, "state", Bytes("one"), null);
        var seen = await _other.ReadAsync(Game, "state");
        var newer = await _other.WriteAsync(Game, "state", Bytes("theirs"), seen!.Etag);

        var write = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(Game, "state", Bytes("mine"), original));
        Assert.Contains(newer, write.Message, StringComparison.Ordinal);
        Assert.Contains(original, write.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(Game, "state", original));

        var read = await _storage.ReadAsync(Game, "state");
        Assert.Equal("theirs", Text(read!.Data));
        Assert.Equal(newer, read.Etag);
    }

    [Fact]
    public async Task Creating_is_refused_when_a_record_exists_and_updating_when_none_does()
    {
        var etag = await _storage.WriteAsync(Game, "state", Bytes("one"), null);

        var create = await Assert.ThrowsAsync<InconsistentStateException>(() => _other.WriteAsync(Game, "state", Bytes("two"), null));
        Assert.Contains("expected (none)", create.Message, StringComparison.Ordinal);
        Assert.Contains(etag, create.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _other.ClearAsync(Game, "state", null));
        Assert.Equal("one", Text((await _storage.ReadAsync(Game, "state"))!.Data));

        var update = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(Game, "missing", Bytes("x"), etag));
        Assert.Contains("has etag (none)", update.Message, StringComparison.Ordinal);
        Assert.Null(await _storage.ReadAsync(Game, "missing"));

        // As in memory: clearing nothing with no etag expected is allowed.
        await _storage.ClearAsync(Game, "missing", null);
    }

    [Fact]
    public async Task After_a_clear_a_stale_etag_from_before_it_is_refused_by_the_re_created_record()
    {
        var before = await _storage.WriteAsync(Game, "state", Bytes("one"), null);
        await _storage.ClearAsync(Game, "state", before);
        Assert.Null(await _storage.ReadAsync(Game, "state"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(Game, "state", before));

        var after = await _other.WriteAsync(Game, "state", Bytes("again"), null);
        Assert.NotEqual(before, after);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteAsync(Game, "state", Bytes("stale"), before));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearAsync(Game, "state", before));
        var read = await _storage.ReadAsync(Game, "state");
        Assert.Equal("again", Text(read!.Data));
        Assert.Equal(after, read.Etag);
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_etag_let_exactly_one_win()
    {
        var etag = await _storage.WriteAsync(Game, "race", Bytes("start"), null);
        var attempts = Enumerable.Range(0, 20)
            .Select(async i =>
            {
                try
                {
                    return await (i % 2 == 0 ? _storage : _other).WriteAsync(Game, "race", Bytes($"w{i}"), etag);
                }
                catch (InconsistentStateException)
                {
                    return null;
                }
            })
            .ToList();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r is not null);
        Assert.Equal(winner, (await _storage.ReadAsync(Game, "race"))!.Etag);
    }

    [Fact]
    public async Task Storages_of_different_clusters_do_not_see_each_other()
    {
        await using var connection = new RedisConnection(redis.ConnectionString);
        var elsewhere = new RedisGrainStorage(connection, RedisServerFixture.NewClusterId("elsewhere"));
        await _storage.WriteAsync(Game, "state", Bytes("here"), null);

        Assert.Null(await elsewhere.ReadAsync(Game, "state"));
        await elsewhere.WriteAsync(Game, "state", Bytes("there"), null);
        Assert.Equal("here", Text((await _storage.ReadAsync(Game, "state"))!.Data));
    }

    [Fact]
    public async Task UseRedisStorage_and_AddRedisMembershipTable_register_redis_providers_on_one_shared_connection()
    {
        var options = new ClusterOptions { Redis = redis.ConnectionString, ClusterId = _clusterId };
        var services = new ServiceCollection();
        services.AddLogging();
        services.TryAddSingleton<IGrainStorage, Connect4.Runtime.Storage.InMemoryGrainStorage>();
        new SiloBuilder(services, new GrainTypeRegistry()).UseRedisStorage(options);
        services.AddRedisMembershipTable(options);
        await using var provider = services.BuildServiceProvider();

        var storage = Assert.IsType<RedisGrainStorage>(provider.GetRequiredService<IGrainStorage>());
        Assert.IsType<RedisMembershipTable>(provider.GetRequiredService<IMembershipTable>());
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        Assert.Single(services, d => d.ServiceType == typeof(IGrainStorage));

        var etag = await storage.WriteAsync(Game, "di", Bytes("via DI"), null);
        Assert.Equal(etag, (await _storage.ReadAsync(Game, "di"))!.Etag);
    }

    [Fact]
    public void UseRedisStorage_without_a_redis_configuration_says_which_setting_is_missing()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<InvalidOperationException>(
            () => new SiloBuilder(services, new GrainTypeRegistry()).UseRedisStorage(new ClusterOptions()));
        Assert.Contains("Cluster:Redis", error.Message, StringComparison.Ordinal);
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> data) => Encoding.UTF8.GetString(data.Span);
}

/// <summary>Faults against a server of the test's own, which it stops and restarts.</summary>
public sealed class RedisGrainStorageFaultTests
{
    private static readonly GrainId Game = new("game", "g-fault");

    [Fact]
    public async Task Faults_surface_as_exceptions_while_the_server_is_down_and_the_data_is_back_after_a_restart()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = new RedisConnection(server.ConnectionString);
        var storage = new RedisGrainStorage(connection, RedisServerFixture.NewClusterId("fault"));
        var etag = await storage.WriteAsync(Game, "state", "persisted"u8.ToArray(), null);

        await server.StopAsync();

        var read = await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadAsync(Game, "state"));
        Assert.IsNotType<InconsistentStateException>(read);
        var write = await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteAsync(Game, "state", "lost"u8.ToArray(), etag));
        Assert.IsNotType<InconsistentStateException>(write);
        await Assert.ThrowsAnyAsync<Exception>(() => storage.ClearAsync(Game, "state", etag));

        await server.RestartAsync();

        // The multiplexer reconnects by itself; the record written before the stop is still there (append-only file).
        var back = await Eventually(() => storage.ReadAsync(Game, "state"), TimeSpan.FromSeconds(30));
        Assert.NotNull(back);
        Assert.Equal("persisted", System.Text.Encoding.UTF8.GetString(back.Data.Span));
        Assert.Equal(etag, back.Etag);

        var next = await storage.WriteAsync(Game, "state", "after restart"u8.ToArray(), etag);
        Assert.Equal(next, (await storage.ReadAsync(Game, "state"))!.Etag);
    }

    [Fact]
    public async Task A_node_starts_while_redis_is_down_and_works_once_it_is_up()
    {
        await using var server = await RedisServer.StartAsync();
        await server.StopAsync();

        await using var connection = new RedisConnection(server.ConnectionString);
        var storage = new RedisGrainStorage(connection, RedisServerFixture.NewClusterId("late"));
        await Assert.ThrowsAnyAsync<Exception>(() => storage.ReadAsync(Game, "state"));

        await server.RestartAsync();
        var etag = await Eventually(() => storage.WriteAsync(Game, "state", "late"u8.ToArray(), null), TimeSpan.FromSeconds(30));
        Assert.Equal(etag, (await storage.ReadAsync(Game, "state"))!.Etag);
    }

    /// <summary>Retries <paramref name="operation"/> until it succeeds, failing with its last exception at the deadline.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T>> operation, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await operation();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
