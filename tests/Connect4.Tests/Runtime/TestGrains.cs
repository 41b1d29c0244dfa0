using System.Collections.Concurrent;
using Connect4.Runtime;

namespace Connect4.Tests.Runtime;

public sealed class CounterState
{
    public int Value { get; set; }
}

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Increment();
    Task<int> Get();
    Task<string?> Etag();
}

public interface ISequenceGrain : IGrainWithStringKey
{
    Task Append(int value);
    Task<IReadOnlyList<int>> Read();
    Task<int> MaxConcurrency();
    Task<List<int>> Mutate(List<int> items);
    Task<int> SlowEcho(int value, int delayMs);
    [ResponseTimeout("00:00:00.200")]
    Task<int> SlowWithShortDeadline(int delayMs);
    [AlwaysInterleave]
    Task<int> Peek();
    Task StartTimer(int periodMs);
    Task<int> TimerTicks();
    Task Fail(string code);
    [OneWay]
    Task AppendSlowly(int value, int delayMs);
}

public interface ITestObserver : IGrainObserver
{
    Task OnMessage(string message, List<int> payload);
}

public interface IBroadcastGrain : IGrainWithStringKey
{
    Task Subscribe(ITestObserver observer);
    /// <summary>Sends to every subscriber; returns how many remain subscribed.</summary>
    Task<int> Send(string message, List<int> payload);
}

/// <summary>A rule violation with data of its own, to check that exceptions cross calls as their own type.</summary>
public sealed class TestRuleException(string code, string message, int? ply = null) : Exception(message)
{
    public string Code { get; } = code;
    public int? Ply { get; } = ply;
}

/// <summary>Counts activations per key, across activations, so tests can see reactivation.</summary>
public static class ActivationLog
{
    public static readonly ConcurrentDictionary<string, int> Activations = new();
    public static readonly ConcurrentDictionary<string, int> Deactivations = new();
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ActivationLog.Activations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ActivationLog.Deactivations.AddOrUpdate(GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<string?> Etag() => Task.FromResult(state.Etag);
}

public sealed class SequenceGrain : Grain, ISequenceGrain
{
    private readonly List<int> _values = [];
    private int _running;
    private int _maxRunning;
    private int _ticks;
    private IDisposable? _timer;

    public async Task Append(int value)
    {
        var running = Interlocked.Increment(ref _running);
        _maxRunning = Math.Max(_maxRunning, running);
        await Task.Yield();
        _values.Add(value);
        await Task.Delay(1);
        Interlocked.Decrement(ref _running);
    }

    public Task<IReadOnlyList<int>> Read() => Task.FromResult<IReadOnlyList<int>>(_values.ToList());

    public Task<int> MaxConcurrency() => Task.FromResult(_maxRunning);

    public Task<List<int>> Mutate(List<int> items)
    {
        items.Add(-1);
        return Task.FromResult(items);
    }

    public async Task<int> SlowEcho(int value, int delayMs)
    {
        await Task.Delay(delayMs);
        return value;
    }

    public async Task<int> SlowWithShortDeadline(int delayMs)
    {
        await Task.Delay(delayMs);
        return delayMs;
    }

    public Task<int> Peek() => Task.FromResult(_values.Count);

    public Task StartTimer(int periodMs)
    {
        _timer?.Dispose();
        _timer = RegisterGrainTimer(async _ =>
        {
            var running = Interlocked.Increment(ref _running);
            _maxRunning = Math.Max(_maxRunning, running);
            await Task.Delay(2);
            _ticks++;
            Interlocked.Decrement(ref _running);
        }, TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task<int> TimerTicks() => Task.FromResult(_ticks);

    public Task Fail(string code) => throw new TestRuleException(code, $"refused: {code}", 7);

    public async Task AppendSlowly(int value, int delayMs)
    {
        await Task.Delay(delayMs);
        _values.Add(value);
    }
}

public sealed class BroadcastGrain : Grain, IBroadcastGrain
{
    private readonly ObserverManager<ITestObserver, int> _observers = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(2));

    public Task Subscribe(ITestObserver observer)
    {
        _observers.Subscribe(observer, 0);
        return Task.CompletedTask;
    }

    public async Task<int> Send(string message, List<int> payload)
    {
        await _observers.Notify((o, _) => o.OnMessage(message, payload));
        return _observers.Count;
    }
}
