using Connect4.Runtime.Membership;
using Connect4.Runtime.Redis;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Redis;

[Collection("redis")]
public sealed class RedisMembershipTableTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private readonly string _clusterId = RedisServerFixture.NewClusterId("membership");
    private RedisConnection _connection = null!;
    private RedisConnection _otherConnection = null!;
    private RedisMembershipTable _table = null!;

    /// <summary>The same cluster's table on a second connection, as another node would have it.</summary>
    private RedisMembershipTable _other = null!;

    public Task InitializeAsync()
    {
        _connection = new RedisConnection(redis.ConnectionString);
        _otherConnection = new RedisConnection(redis.ConnectionString);
        _table = new RedisMembershipTable(_connection, _clusterId);
        _other = new RedisMembershipTable(_otherConnection, _clusterId);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _otherConnection.DisposeAsync();
    }

    [Fact]
    public async Task A_heartbeating_node_is_live_with_its_record_as_written()
    {
        Assert.Empty(await _table.ReadLiveAsync());
        var silo = new NodeInfo("silo-1", NodeRole.Silo, "10.0.0.1", 11111);
        var gateway = new NodeInfo("gw-1", NodeRole.Client, "10.0.0.2", 22222, NodeStatus.Leaving);

        await _table.HeartbeatAsync(silo, Long);
        await _other.HeartbeatAsync(gateway, Long);

        var live = await _other.ReadLiveAsync();
        Assert.Equal([gateway, silo], live.OrderBy(n => n.NodeId, StringComparer.Ordinal));

        // A heartbeat rewrites the record (a status change is seen by the others).
        await _table.HeartbeatAsync(silo with { Status = NodeStatus.Leaving }, Long);
        Assert.Contains(silo with { Status = NodeStatus.Leaving }, await _other.ReadLiveAsync());
    }

    [Fact]
    public async Task The_heartbeat_is_a_key_that_expires_by_redis_clock_after_the_ttl()
    {
        var node = new NodeInfo("silo-ttl", NodeRole.Silo, "127.0.0.1", 1);
        await _table.HeartbeatAsync(node, TimeSpan.FromSeconds(20));

        var db = await _connection.GetDatabaseAsync();
        Assert.Equal($"c4:{_clusterId}:hb:silo-ttl", _table.HeartbeatKeyOf("silo-ttl"));
        var ttl = await db.KeyTimeToLiveAsync(_table.HeartbeatKeyOf("silo-ttl"));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.True(await db.HashExistsAsync($"c4:{_clusterId}:nodes", "silo-ttl"));
    }

    [Fact]
    public async Task A_node_whose_heartbeat_lapses_is_declared_dead_its_record_removed_and_the_others_told()
    {
        var notified = 0;
        await _other.SubscribeAsync(() => Interlocked.Increment(ref notified));
        var dying = new NodeInfo("silo-dying", NodeRole.Silo, "127.0.0.1", 1);
        var healthy = new NodeInfo("silo-healthy", NodeRole.Silo, "127.0.0.1", 2);
        await _table.HeartbeatAsync(dying, TimeSpan.FromMilliseconds(300));
        await _table.HeartbeatAsync(healthy, Long);
        Assert.Equal(2, (await _table.ReadLiveAsync()).Count);

        // Only wait for the TTL to lapse; the removal is asserted below.
        var deadline = DateTime.UtcNow + Deadline;
        IReadOnlyList<NodeInfo> live;
        do
        {
            await Task.Delay(100);
            live = await _table.ReadLiveAsync();
        }
        while (live.Any(n => n.NodeId == dying.NodeId) && DateTime.UtcNow < deadline);

        Assert.Equal([healthy], live);
        var db = await _connection.GetDatabaseAsync();
        Assert.False(await db.HashExistsAsync(_table.NodesKey, dying.NodeId));
        Assert.True(await db.HashExistsAsync(_table.NodesKey, healthy.NodeId));
        await WaitUntil(() => Volatile.Read(ref notified) > 0, "the death declaration was announced");
    }

    [Fact]
    public async Task A_lapsed_node_that_heartbeats_again_is_live_again()
    {
        var node = new NodeInfo("silo-flaky", NodeRole.Silo, "127.0.0.1", 1);
        await _table.HeartbeatAsync(node, TimeSpan.FromMilliseconds(200));
        var deadline = DateTime.UtcNow + Deadline;
        while ((await _table.ReadLiveAsync()).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Empty(await _table.ReadLiveAsync());
        await _table.HeartbeatAsync(node, Long);
        Assert.Equal([node], await _other.ReadLiveAsync());
    }

    [Fact]
    public async Task RemoveAsync_deletes_the_record_and_the_heartbeat()
    {
        var leaving = new NodeInfo("silo-leaving", NodeRole.Silo, "127.0.0.1", 1);
        var staying = new NodeInfo("silo-staying", NodeRole.Silo, "127.0.0.1", 2);
        await _table.HeartbeatAsync(leaving, Long);
        await _table.HeartbeatAsync(staying, Long);

        await _other.RemoveAsync(leaving.NodeId);

        Assert.Equal([staying], await _table.ReadLiveAsync());
        var db = await _connection.GetDatabaseAsync();
        Assert.False(await db.KeyExistsAsync(_table.HeartbeatKeyOf(leaving.NodeId)));
        Assert.False(await db.HashExistsAsync(_table.NodesKey, leaving.NodeId));
        Assert.True(await db.KeyExistsAsync(_table.HeartbeatKeyOf(staying.NodeId)));

        await _other.RemoveAsync("never-there");
        Assert.Equal([staying], await _table.ReadLiveAsync());
    }

    [Fact]
    public async Task SubscribeAsync_is_called_back_after_NotifyChangedAsync_from_another_connection()
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _table.SubscribeAsync(() => changed.TrySetResult());

        var elsewhereCalls = 0;
        await using var elsewhereConnection = new RedisConnection(redis.ConnectionString);
        var elsewhere = new RedisMembershipTable(elsewhereConnection, RedisServerFixture.NewClusterId("elsewhere"));
        await elsewhere.SubscribeAsync(() => Interlocked.Increment(ref elsewhereCalls));

        await _other.NotifyChangedAsync();

        await changed.Task.WaitAsync(Deadline);

        // Another cluster's channel is another channel: announce there and check it arrives there only.
        var elsewhereChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await elsewhere.SubscribeAsync(() => elsewhereChanged.TrySetResult());
        await elsewhere.NotifyChangedAsync();
        await elsewhereChanged.Task.WaitAsync(Deadline);
        Assert.Equal(1, Volatile.Read(ref elsewhereCalls));
    }

    [Fact]
    public async Task A_failing_change_handler_does_not_stop_later_announcements()
    {
        var calls = 0;
        await _table.SubscribeAsync(() =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("handler failed");
        });

        await _other.NotifyChangedAsync();
        await WaitUntil(() => Volatile.Read(ref calls) >= 1, "the first announcement arrived");
        await _other.NotifyChangedAsync();
        await WaitUntil(() => Volatile.Read(ref calls) >= 2, "the second announcement arrived");
    }

    [Fact]
    public async Task A_membership_service_on_redis_sees_a_second_node_join_and_a_crashed_one_leave()
    {
        var options = new ClusterOptions
        {
            Redis = redis.ConnectionString,
            ClusterId = _clusterId,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            DeathTimeout = TimeSpan.FromMilliseconds(500),
            RefreshInterval = TimeSpan.FromMilliseconds(100),
        };
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger<MembershipService>.Instance;
        await using var first = new MembershipService(_table, options, logger);
        await using var second = new MembershipService(_other, options, logger);
        await first.StartAsync(new NodeInfo("silo-a", NodeRole.Silo, "127.0.0.1", 1));
        await second.StartAsync(new NodeInfo("silo-b", NodeRole.Silo, "127.0.0.1", 2));

        await WaitUntil(() => first.View.ActiveSilos.Count == 2, "the first node saw the second join");

        await second.AbandonAsync();
        await WaitUntil(() => first.View.ActiveSilos.Select(n => n.NodeId).SequenceEqual(["silo-a"]), "the first node saw the second die");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {Deadline} waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }
}
