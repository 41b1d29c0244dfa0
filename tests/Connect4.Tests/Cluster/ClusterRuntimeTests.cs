using Connect4.Runtime;
using Connect4.Runtime.Membership;
using Connect4.Tests.Infrastructure;
using Connect4.Tests.Runtime;

namespace Connect4.Tests.Cluster;

[Collection("redis")]
public sealed class ClusterRuntimeTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Every_node_places_a_grain_on_the_same_silo_and_calls_reach_it()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString);
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();

        var keys = Enumerable.Range(0, 30).Select(i => $"k{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            Assert.Equal(1, await client.Client.GetGrain<ICounterGrain>(key).Increment());
        }

        var expected = 1;
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(++expected, await silo.Client.GetGrain<ICounterGrain>(keys[0]).Increment());
        }

        var hosted = cluster.Silos.Sum(s => s.Silo!.ActivationCount);
        Assert.Equal(keys.Count, hosted);
        Assert.All(cluster.Silos, s => Assert.True(s.Silo!.ActivationCount > 0, $"{s.NodeId} hosts none of {keys.Count} grains"));
    }

    [Fact]
    public async Task Observers_made_on_a_client_receive_calls_from_grains_on_any_silo()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString, silos: 2,
            settings: new Dictionary<string, string?>());
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var received = new List<string>();
        var observer = client.Client.CreateObjectReference<ITestObserver>(new Listener(received));

        for (var i = 0; i < 6; i++)
        {
            var broadcast = client.Client.GetGrain<IBroadcastGrain>($"b{i}-{Guid.NewGuid():N}");
            await broadcast.Subscribe(observer);
            Assert.Equal(1, await broadcast.Send($"m{i}", [i]));
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"m{i}"), received);
    }

    [Fact]
    public async Task One_way_calls_cross_the_cluster_in_order_without_waiting()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString, silos: 2);
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var keys = Enumerable.Range(0, 6).Select(i => $"s{i}-{Guid.NewGuid():N}").ToList();

        // No call has been made yet: the first ones queue while the client's connections to the silos open.
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var key in keys)
        {
            for (var i = 0; i < 5; i++)
            {
                await client.Client.GetGrain<ISequenceGrain>(key).AppendSlowly(i, 100);
            }
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), $"30 one-way calls of 100 ms each took {started.Elapsed} to send");
        foreach (var key in keys)
        {
            Assert.Equal([0, 1, 2, 3, 4], await client.Client.GetGrain<ISequenceGrain>(key).Read());
        }
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_and_its_grains_come_back_elsewhere_with_their_state()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString);
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            await client.Client.GetGrain<ICounterGrain>(key).Increment();
        }

        var victim = cluster.Silos[0];
        var started = DateTime.UtcNow;
        await cluster.KillAsync(victim);
        await cluster.WaitForMembershipAsync();
        var detected = DateTime.UtcNow - started;

        foreach (var key in keys)
        {
            Assert.Equal(2, await client.Client.GetGrain<ICounterGrain>(key).Increment());
        }

        Assert.True(detected < TimeSpan.FromSeconds(5), $"death of {victim.NodeId} took {detected} to settle");
        Assert.DoesNotContain(client.Node.Membership.View.Nodes, n => n.NodeId == victim.NodeId);
    }

    [Fact]
    public async Task A_gracefully_stopped_silo_hands_off_and_callers_see_no_error()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString);
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}-{Guid.NewGuid():N}").ToList();
        using var stop = new CancellationTokenSource();
        var errors = new List<Exception>();
        var calls = 0;
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var key in keys)
                {
                    try
                    {
                        await client.Client.GetGrain<ICounterGrain>(key).Increment();
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception e)
                    {
                        lock (errors)
                        {
                            errors.Add(e);
                        }
                    }
                }
            }
        });

        await Task.Delay(300);
        await cluster.StopAsync(cluster.Silos[1]);
        await cluster.WaitForMembershipAsync();
        await Task.Delay(300);
        await stop.CancelAsync();
        await load;

        Assert.Empty(errors);
        Assert.True(calls > keys.Count, $"only {calls} calls were made");
        var total = 0;
        foreach (var key in keys)
        {
            total += await client.Client.GetGrain<ICounterGrain>(key).Get();
        }

        Assert.Equal(calls, total);
    }

    [Fact]
    public async Task A_new_silo_takes_a_share_of_the_grains()
    {
        await using var cluster = await TestCluster.StartAsync(redis.ConnectionString, silos: 1);
        var client = await cluster.AddClientAsync();
        await cluster.WaitForMembershipAsync();
        var keys = Enumerable.Range(0, 30).Select(i => $"k{i}-{Guid.NewGuid():N}").ToList();
        foreach (var key in keys)
        {
            await client.Client.GetGrain<ICounterGrain>(key).Increment();
        }

        var added = await cluster.AddSiloAsync();
        await cluster.WaitForMembershipAsync();
        foreach (var key in keys)
        {
            Assert.Equal(2, await client.Client.GetGrain<ICounterGrain>(key).Increment());
        }

        Assert.True(added.Silo!.ActivationCount > 0, "the new silo should host some grains");
        var expected = keys.Count(k => Placement.Pick(new GrainId("counter", k), client.Node.Membership.View.ActiveSilos)?.NodeId == added.NodeId);
        Assert.Equal(expected, added.Silo!.ActivationCount);
    }

    private sealed class Listener(List<string> received) : ITestObserver
    {
        public Task OnMessage(string message, List<int> payload)
        {
            lock (received)
            {
                received.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
