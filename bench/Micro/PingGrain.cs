using Connect4.Runtime;

namespace Connect4.Bench.Micro;

/// <summary>The cheapest grain call there is: one int in, one int out, no state, no await inside.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="x"/> + 1.</summary>
    Task<int> Ping(int x);
}

/// <summary>Hosted by the silos that <see cref="OneSiloCallBenchmarks"/> and <see cref="TwoSiloCallBenchmarks"/> start.</summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int x) => Task.FromResult(x + 1);
}

/// <summary>The same interface as a plain object: the cost of the call without the runtime (a baseline).</summary>
public sealed class LocalPing : IPingGrain
{
    public Task<int> Ping(int x) => Task.FromResult(x + 1);
}
