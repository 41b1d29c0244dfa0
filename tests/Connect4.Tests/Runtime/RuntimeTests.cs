using System.Diagnostics;
using Connect4.Runtime;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Runtime;

public sealed class RuntimeTests
{
    private static string NewKey() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_call_activates_the_grain_on_demand_once()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = NewKey();
        Assert.Equal(0, silo.Silo.ActivationCount);

        var counter = silo.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(0, silo.Silo.ActivationCount);
        Assert.Equal(1, await counter.Increment());
        Assert.Equal(2, await silo.Client.GetGrain<ICounterGrain>(key).Increment());

        Assert.Equal(1, silo.Silo.ActivationCount);
        Assert.Equal(1, ActivationLog.Activations[key]);
    }

    [Fact]
    public async Task One_hundred_concurrent_calls_run_one_at_a_time_in_arrival_order()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());

        var calls = Enumerable.Range(0, 100).Select(grain.Append).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 100), await grain.Read());
        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task Timer_ticks_are_turns_and_never_overlap_calls()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());
        await grain.StartTimer(1);

        var deadline = Stopwatch.StartNew();
        while (await grain.TimerTicks() < 20 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(grain.Append));
        }

        Assert.True(await grain.TimerTicks() >= 20, "the timer should have ticked at least 20 times");
        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task An_idle_activation_is_collected_and_reactivates_from_stored_state()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock, new Dictionary<string, string?>
        {
            ["Runtime:CollectionAge"] = "00:02:00",
            ["Runtime:CollectionQuantum"] = "00:00:30",
        });
        var key = NewKey();
        var counter = silo.Client.GetGrain<ICounterGrain>(key);
        await counter.Increment();
        await counter.Increment();

        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(1, silo.Silo.ActivationCount);

        clock.Advance(TimeSpan.FromSeconds(60));
        await WaitUntil(() => silo.Silo.ActivationCount == 0, "the idle counter should be collected");
        Assert.Equal(1, ActivationLog.Deactivations[key]);

        Assert.Equal(3, await counter.Increment());
        Assert.Equal(2, ActivationLog.Activations[key]);
    }

    [Fact]
    public async Task A_busy_activation_is_not_collected()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock, new Dictionary<string, string?>
        {
            ["Runtime:CollectionAge"] = "00:01:00",
        });
        var counter = silo.Client.GetGrain<ICounterGrain>(NewKey());
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(50));
            await counter.Increment();
            Assert.Equal(0, silo.Silo.CollectIdleActivations());
        }

        Assert.Equal(1, silo.Silo.ActivationCount);
    }

    [Fact]
    public async Task Arguments_and_results_are_copies()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());
        var mine = new List<int> { 1, 2 };

        var returned = await grain.Mutate(mine);

        Assert.Equal([1, 2], mine);
        Assert.Equal([1, 2, -1], returned);
        Assert.NotSame(mine, returned);
    }

    [Fact]
    public async Task A_call_that_outlives_its_deadline_fails_with_a_timeout()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());

        var started = Stopwatch.StartNew();
        using (CallOptions.WithTimeout(TimeSpan.FromMilliseconds(200)))
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.SlowEcho(1, 5_000));
            Assert.Contains("SlowEcho", error.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<TimeoutException>(() => grain.SlowWithShortDeadline(5_000));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"deadlines should fire well before the grain finishes (took {started.Elapsed})");
        Assert.Equal(7, await grain.SlowEcho(7, 0));
    }

    [Fact]
    public async Task A_call_still_queued_at_its_deadline_is_dropped_without_running()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());

        var blocker = grain.SlowEcho(0, 600);
        Task queued;
        using (CallOptions.WithTimeout(TimeSpan.FromMilliseconds(100)))
        {
            queued = grain.Append(42);
        }

        await Assert.ThrowsAsync<TimeoutException>(() => queued);
        await blocker;
        Assert.DoesNotContain(42, await grain.Read());
    }

    [Fact]
    public async Task Interleaving_methods_run_while_a_turn_awaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());
        await grain.Append(1);

        var slow = grain.SlowEcho(0, 2_000);
        using (CallOptions.WithTimeout(TimeSpan.FromSeconds(1)))
        {
            Assert.Equal(1, await grain.Peek());
        }

        Assert.False(slow.IsCompleted);
        await slow;
    }

    [Fact]
    public async Task A_one_way_call_returns_before_the_grain_has_run_it_and_still_takes_its_turn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());

        var started = Stopwatch.StartNew();
        await grain.AppendSlowly(1, 1_000);
        Assert.True(started.Elapsed < TimeSpan.FromMilliseconds(500), $"a one-way call waited {started.Elapsed}");

        // The next call queues behind the one-way turn, so it sees its effect.
        Assert.Equal([1], await grain.Read());
    }

    [Fact]
    public async Task Exceptions_cross_the_call_as_their_own_type_with_their_data()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Client.GetGrain<ISequenceGrain>(NewKey());

        var error = await Assert.ThrowsAsync<TestRuleException>(() => grain.Fail("not-your-turn"));

        Assert.Equal("not-your-turn", error.Code);
        Assert.Equal(7, error.Ply);
        Assert.Equal("refused: not-your-turn", error.Message);
    }

    [Fact]
    public async Task Observers_receive_copies_and_a_gone_observer_fails_fast_and_is_dropped()
    {
        await using var silo = await TestSilo.StartAsync();
        var broadcast = silo.Client.GetGrain<IBroadcastGrain>(NewKey());
        var first = new RecordingObserver();
        var second = new RecordingObserver();
        var firstRef = silo.Client.CreateObjectReference<ITestObserver>(first);
        var secondRef = silo.Client.CreateObjectReference<ITestObserver>(second);
        await broadcast.Subscribe(firstRef);
        await broadcast.Subscribe(secondRef);

        var payload = new List<int> { 1 };
        Assert.Equal(2, await broadcast.Send("hello", payload));
        Assert.Equal(["hello"], first.Messages);
        Assert.Equal(["hello"], second.Messages);
        Assert.NotSame(payload, first.Payloads[0]);

        silo.Client.DeleteObjectReference<ITestObserver>(secondRef);
        var started = Stopwatch.StartNew();
        Assert.Equal(1, await broadcast.Send("again", payload));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), "a gone observer must fail at once, not at the notify deadline");
        Assert.Equal(["hello", "again"], first.Messages);
        Assert.Equal(["hello"], second.Messages);

        await Assert.ThrowsAsync<ObserverNotAvailableException>(() => secondRef.OnMessage("direct", []));
    }

    [Fact]
    public async Task A_refused_write_ends_the_stale_activation_and_the_call_is_retried_on_fresh_state()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = NewKey();
        var counter = silo.Client.GetGrain<ICounterGrain>(key);
        Assert.Equal(1, await counter.Increment());

        // Another writer (as a second activation elsewhere would) stores value 10.
        var id = counter.GetGrainId();
        var stored = await silo.Storage.ReadAsync(id, "counter");
        await silo.Storage.WriteAsync(id, "counter", "{\"Value\":10}"u8.ToArray(), stored!.Etag);

        Assert.Equal(11, await counter.Increment());
        Assert.Equal(2, ActivationLog.Activations[key]);
    }

    [Fact]
    public async Task Stopping_the_silo_deactivates_every_activation()
    {
        var silo = await TestSilo.StartAsync();
        var keys = Enumerable.Range(0, 5).Select(_ => NewKey()).ToList();
        foreach (var key in keys)
        {
            await silo.Client.GetGrain<ICounterGrain>(key).Increment();
        }

        await silo.DisposeAsync();

        Assert.All(keys, key => Assert.Equal(1, ActivationLog.Deactivations.GetValueOrDefault(key)));
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(5))
            {
                Assert.Fail($"Timed out: {what}");
            }

            await Task.Delay(10);
        }
    }

    private sealed class RecordingObserver : ITestObserver
    {
        public List<string> Messages { get; } = [];
        public List<List<int>> Payloads { get; } = [];

        public Task OnMessage(string message, List<int> payload)
        {
            lock (Messages)
            {
                Messages.Add(message);
                Payloads.Add(payload);
            }

            return Task.CompletedTask;
        }
    }
}
