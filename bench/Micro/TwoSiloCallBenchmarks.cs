using BenchmarkDotNet.Attributes;
using Connect4.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connect4.Bench.Micro;

/// <summary>
/// One grain call awaited across two silos of this process: each has its own node endpoint on a loopback port, and
/// they share an <see cref="InMemoryMembershipTable"/> (Redis in a real cluster). Both calls start on silo A; the
/// baseline's grain is placed on A (the cluster router's local path), the measured one on B (framed, over TCP).
/// </summary>
[MemoryDiagnoser]
public class TwoSiloCallBenchmarks
{
    private IHost? _a;
    private IHost? _b;
    private IPingGrain _onA = null!;
    private IPingGrain _onB = null!;

    // Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await a Task-returning setup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        var table = new InMemoryMembershipTable();
        _a = await MicroSilos.StartClusteredAsync(table);
        _b = await MicroSilos.StartClusteredAsync(table);
        await MicroSilos.WaitForMembershipAsync([_a, _b], TimeSpan.FromSeconds(15));

        _onA = MicroSilos.PingPlacedOn(_a, _a);
        _onB = MicroSilos.PingPlacedOn(_a, _b);
        if (MicroSilos.PingPlacedOn(_b, _b).GetGrainId() != _onB.GetGrainId())
        {
            throw new InvalidOperationException("Silos A and B disagree on where the remote ping grain lives.");
        }

        // Check where the activations really are: B's call activates on B only, A's on A only.
        var siloA = _a.Services.GetRequiredService<Silo>();
        var siloB = _b.Services.GetRequiredService<Silo>();
        if (await _onB.Ping(1) != 2 || siloB.ActivationCount != 1 || siloA.ActivationCount != 0)
        {
            throw new InvalidOperationException(
                $"{_onB.GetGrainId()} should be activated on B only, but A has {siloA.ActivationCount} activations and B {siloB.ActivationCount}.");
        }

        if (await _onA.Ping(1) != 2 || siloA.ActivationCount != 1 || siloB.ActivationCount != 1)
        {
            throw new InvalidOperationException(
                $"{_onA.GetGrainId()} should be activated on A only, but A has {siloA.ActivationCount} activations and B {siloB.ActivationCount}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        await MicroSilos.StopAsync(_b);
        await MicroSilos.StopAsync(_a);
    }

    /// <summary>From silo A to a grain on silo A.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> SameSilo() => _onA.Ping(1);

    /// <summary>From silo A to a grain on silo B.</summary>
    [Benchmark]
    public Task<int> OtherSilo() => _onB.Ping(1);
}
