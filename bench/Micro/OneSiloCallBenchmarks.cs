using BenchmarkDotNet.Attributes;
using Connect4.GrainInterfaces;
using Microsoft.Extensions.Hosting;

namespace Connect4.Bench.Micro;

/// <summary>
/// One grain call awaited through Orleans, from the co-hosted client of a standalone silo in this process (the
/// embedded gateway's silo, <see cref="Connect4.SiloHost.SiloSetup.UseConnect4"/>). Even here the arguments and the
/// result are deep-copied (Orleans' copy semantics; immutable values such as ints and strings are passed as they are),
/// and the call queues for the activation's turn on Orleans' scheduler. The baseline runs the same method of a plain
/// object on the thread pool; <see cref="DirectCall"/> calls it inline.
/// </summary>
[MemoryDiagnoser]
public class OneSiloCallBenchmarks
{
    private readonly IPingGrain _direct = new LocalPing();
    private IHost? _silo;
    private IPingGrain _ping = null!;
    private IGameGrain _game = null!;
    private string _viewer = "";

    // Synchronous on purpose: BenchmarkDotNet 0.14's in-process toolchain does not await a Task-returning setup.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _silo = await MicroSilos.StartStandaloneAsync();
        var client = MicroSilos.ClientOf(_silo);
        _ping = client.GetGrain<IPingGrain>("ping-0");
        if (await _ping.Ping(1) != 2)
        {
            throw new InvalidOperationException("IPingGrain.Ping(1) did not return 2.");
        }

        if (await _ping.Silo() != MicroSilos.AddressOf(_silo))
        {
            throw new InvalidOperationException("The ping grain is not hosted by the benchmark's silo.");
        }

        // A game in play, 12 moves in: GetView returns a snapshot of a realistic size.
        var red = new PlayerInfo("p-micro-red", "Red");
        var yellow = new PlayerInfo("p-micro-yellow", "Yellow");
        var created = await client.GetGrain<IGameGrain>(GameKeys.NewGameId()).Create(red, new CreateGameOptions());
        _game = client.GetGrain<IGameGrain>(created.GameId);
        await _game.Join(created.JoinKey, yellow);
        var ply = 0;
        foreach (var column in "344352256161")
        {
            ply = await _game.Play(ply % 2 == 0 ? red.PlayerId : yellow.PlayerId, column - '0', ply);
        }

        _viewer = red.PlayerId;
        var view = await _game.GetView(_viewer);
        if (view.Ply != 12 || view.Status != GameStatus.Playing)
        {
            throw new InvalidOperationException($"The benchmark game should be in play after 12 moves: {view}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => MicroSilos.StopAsync(_silo).GetAwaiter().GetResult();

    /// <summary>
    /// The same work handed to the thread pool and awaited: the floor of any call that leaves the caller's thread
    /// (a baseline of the same order as a grain call; <see cref="DirectCall"/> is too small to divide by).
    /// </summary>
    [Benchmark(Baseline = true)]
    public Task<int> ThreadPoolHop() => Task.Run(() => _direct.Ping(1));

    /// <summary><see cref="IPingGrain.Ping"/> on a plain object: no runtime and no thread hop.</summary>
    [Benchmark]
    public Task<int> DirectCall() => _direct.Ping(1);

    /// <summary><see cref="IPingGrain.Ping"/> through Orleans: int argument, int result.</summary>
    [Benchmark]
    public Task<int> PingGrain() => _ping.Ping(1);

    /// <summary><see cref="IGameGrain.GetView"/>: a string argument, a 12-move <see cref="GameView"/> result.</summary>
    [Benchmark]
    public Task<GameView> GameGetView() => _game.GetView(_viewer);
}
