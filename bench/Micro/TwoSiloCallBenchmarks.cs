using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Hosting;

namespace Connect4.Bench.Micro;

/// <summary>
/// One grain call awaited across two Orleans silos of this process: each listens for silo-to-silo traffic on its own
/// loopback port, and they form one cluster with Orleans' development clustering (Redis in a real cluster). Both calls
/// start on silo A (its co-hosted client); the baseline's grain lives on A, the measured one on B (serialized, over TCP).
/// Where each lives is decided at setup (<see cref="PingGrain"/> is placed on its first caller's silo: A activates one,
/// B the other) and checked by asking each grain for its silo.
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
        (_a, _b) = await MicroSilos.StartPairAsync(TimeSpan.FromSeconds(30));
        var siloA = MicroSilos.AddressOf(_a);
        var siloB = MicroSilos.AddressOf(_b);

        // Activated by B's call, so placed on B; A's calls then find it there through the grain directory.
        var fromB = await MicroSilos.ClientOf(_b).GetGrain<IPingGrain>("ping-b").Silo();
        _onB = MicroSilos.ClientOf(_a).GetGrain<IPingGrain>("ping-b");
        _onA = MicroSilos.ClientOf(_a).GetGrain<IPingGrain>("ping-a");
        await CheckAsync(siloA, siloB, fromB);
    }

    private async Task CheckAsync(string siloA, string siloB, string? fromB = null)
    {
        var whereB = await _onB.Silo();
        var whereA = await _onA.Silo();
        if (fromB is not null && fromB != siloB)
        {
            throw new InvalidOperationException($"ping-b was activated on {fromB}, not on B ({siloB}).");
        }

        if (whereB != siloB || whereA != siloA)
        {
            throw new InvalidOperationException($"ping-b should live on B ({siloB}) and ping-a on A ({siloA}), but A's calls reach them on {whereB} and {whereA}.");
        }

        if (await _onB.Ping(1) != 2 || await _onA.Ping(1) != 2)
        {
            throw new InvalidOperationException("IPingGrain.Ping(1) did not return 2.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task CleanupAsync()
    {
        try
        {
            // The grains must not have moved during the run (a deactivation would let ping-b come back on A).
            if (_a is not null && _b is not null)
            {
                await CheckAsync(MicroSilos.AddressOf(_a), MicroSilos.AddressOf(_b));
            }
        }
        finally
        {
            await MicroSilos.StopAsync(_b);
            await MicroSilos.StopAsync(_a);
        }
    }

    /// <summary>From silo A to a grain on silo A.</summary>
    [Benchmark(Baseline = true)]
    public Task<int> SameSilo() => _onA.Ping(1);

    /// <summary>From silo A to a grain on silo B.</summary>
    [Benchmark]
    public Task<int> OtherSilo() => _onB.Ping(1);
}
