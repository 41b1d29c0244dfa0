using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Invocation;

namespace Connect4.Bench.Micro;

/// <summary>
/// Message serialization on the hot path of a move: the gateway parsing a native <c>play</c> command and writing the
/// <c>move</c> event and the <c>game</c> snapshot (gateway/Native, gateway/Sessions), and Orleans' serializer
/// (<see cref="Serializer"/>, with the code generated for the grain interfaces) writing and reading what crosses
/// between gateway and silo: the request of <see cref="IGameGrain.Play"/> (its generated invokable, holding the
/// arguments), a <see cref="GameView"/> response, and the <see cref="MoveMade"/> event the game sends to each
/// gateway's observer. Each Orleans value is written as a message body is, as <see cref="object"/> (its type
/// included). The baseline is System.Text.Json serializing the same <see cref="MoveMade"/> record the move event is
/// written from.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly MoveMade _move = new("Kx7pQ2mZa", 13, Color.Yellow, 1, 3, Color.Red);

    private readonly GameView _view = new(
        "Kx7pQ2mZa", ViewerRole.Red,
        new Seat("pA1b2C3d4E5f6", "Red", true), new Seat("pG7h8I9j0K1l2", "Yellow", true),
        [3, 4, 4, 3, 5, 2, 2, 5, 6, 1, 6, 1, 1], Color.Red, GameStatus.Playing, null, null, null, 2,
        null, "w-Kx7pQ2mZa-9f8e7d6c5b4a");

    private readonly byte[] _playCommand = """{"type":"play","rid":17,"gameId":"Kx7pQ2mZa","column":1,"ply":12}"""u8.ToArray();

    private readonly object[] _playArguments = ["pG7h8I9j0K1l2", 1, 12];
    private ServiceProvider? _services;
    private Serializer<object> _serializer = null!;
    private object _playRequest = null!;
    private object _viewResponse = null!;
    private byte[] _playRequestBytes = [];
    private byte[] _viewResponseBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(IGameGrain).Assembly)).BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer<object>>();
        _playRequest = PlayRequest(_playArguments);
        _viewResponse = Response.FromResult(_view);

        _playRequestBytes = OrleansSerializePlayRequest();
        var back = (IInvokable)OrleansDeserializePlayRequest()!;
        var arguments = Enumerable.Range(0, back.GetArgumentCount()).Select(back.GetArgument).ToArray();
        if (!arguments.SequenceEqual(_playArguments))
        {
            throw new InvalidOperationException($"Play's arguments did not survive a round trip: [{string.Join(", ", arguments)}].");
        }

        _viewResponseBytes = OrleansSerializeGameView();
        if (OrleansDeserializeGameView() is not Response { Result: GameView view } || view.WatchKey != _view.WatchKey || !view.Moves.SequenceEqual(_view.Moves))
        {
            throw new InvalidOperationException("The GameView response did not survive a round trip.");
        }

        if (_serializer.Deserialize(OrleansSerializeMoveMade()) is not MoveMade move || move != _move)
        {
            throw new InvalidOperationException("The MoveMade event did not survive a round trip.");
        }

        if (ParsePlayCommand() != "Kx7pQ2mZa".Length + 1 + 12)
        {
            throw new InvalidOperationException("The play command did not parse to its fields.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    /// <summary>
    /// The request object Orleans' proxy makes for <see cref="IGameGrain.Play"/>: the invokable class its code
    /// generator wrote for that method (found by reflection: it is internal to the grain interfaces' assembly).
    /// </summary>
    private static IInvokable PlayRequest(object[] arguments)
    {
        var type = typeof(IGameGrain).Assembly.GetTypes()
            .Where(t => typeof(IInvokable).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IInvokable)Activator.CreateInstance(t)!)
            .SingleOrDefault(i => i.GetInterfaceType() == typeof(IGameGrain) && i.GetMethodName() == nameof(IGameGrain.Play))
            ?? throw new InvalidOperationException("No invokable generated for IGameGrain.Play in the grain interfaces' assembly.");
        for (var i = 0; i < arguments.Length; i++)
        {
            type.SetArgument(i, arguments[i]!);
        }

        return type;
    }

    /// <summary>System.Text.Json on the <see cref="MoveMade"/> record (web defaults: camelCase, enums as numbers).</summary>
    [Benchmark(Baseline = true)]
    public byte[] JsonSerializerMoveMade() => JsonSerializer.SerializeToUtf8Bytes(_move, Web);

    /// <summary>
    /// The native protocol's <c>move</c> event from the same record, written anew each time (the gateway writes an event
    /// once for all the connections it goes to; this measures that once).
    /// </summary>
    [Benchmark]
    public byte[]? NativeMoveEvent() => NativeMessages.RenderEvent(_move);

    /// <summary>The native protocol's <c>game</c> snapshot of a 13-move game.</summary>
    [Benchmark]
    public byte[] NativeGameSnapshot() => NativeMessages.Game(_view);

    /// <summary>Parses a <c>play</c> command and reads its fields, as the native session does.</summary>
    [Benchmark]
    public int ParsePlayCommand()
    {
        var command = CommandReader.Parse(_playCommand, out var document);
        using (document)
        {
            return command.RequiredString("gameId").Length + command.RequiredInt("column") + (command.OptionalInt("ply") ?? 0);
        }
    }

    /// <summary>Orleans' serializer on the <see cref="MoveMade"/> event, as a game sends it to each gateway's observer.</summary>
    [Benchmark]
    public byte[] OrleansSerializeMoveMade() => _serializer.SerializeToArray(_move);

    /// <summary>The request of a grain call as the caller serializes it: <see cref="IGameGrain.Play"/>(string, int, int?).</summary>
    [Benchmark]
    public byte[] OrleansSerializePlayRequest() => _serializer.SerializeToArray(_playRequest);

    /// <summary>The same request as the grain's silo reads it back.</summary>
    [Benchmark]
    public object? OrleansDeserializePlayRequest() => _serializer.Deserialize(_playRequestBytes);

    /// <summary>A <see cref="GameView"/> response as the grain's silo serializes it (what <see cref="IGameGrain.GetView"/> returns).</summary>
    [Benchmark]
    public byte[] OrleansSerializeGameView() => _serializer.SerializeToArray(_viewResponse);

    /// <summary>The same response as the caller reads it back.</summary>
    [Benchmark]
    public object? OrleansDeserializeGameView() => _serializer.Deserialize(_viewResponseBytes);
}
