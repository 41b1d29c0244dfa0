using Orleans.Placement;
using Orleans.Runtime;

namespace Connect4.Bench.Micro;

/// <summary>The cheapest grain call there is: one int in, one int out, no state, no await inside.</summary>
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Returns <paramref name="x"/> + 1.</summary>
    Task<int> Ping(int x);

    /// <summary>The address of the silo that hosts this activation, to check where a benchmark's grain lives.</summary>
    Task<string> Silo();
}

/// <summary>
/// Hosted by the silos that <see cref="OneSiloCallBenchmarks"/> and <see cref="TwoSiloCallBenchmarks"/> start. Placed on
/// the silo of the first caller, so a benchmark decides where each ping grain lives by which silo calls it first.
/// </summary>
[PreferLocalPlacement]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<int> Ping(int x) => Task.FromResult(x + 1);

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());
}

/// <summary>The same interface as a plain object: the cost of the call without the runtime (a baseline).</summary>
public sealed class LocalPing : IPingGrain
{
    public Task<int> Ping(int x) => Task.FromResult(x + 1);

    public Task<string> Silo() => Task.FromResult("none: a plain object");
}
