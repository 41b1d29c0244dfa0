using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;
using Connect4.Runtime;
using Connect4.Runtime.Messaging;
using Connect4.Runtime.Serialization;

namespace Connect4.Bench.Micro;

/// <summary>
/// Message serialization on the hot path of a move: the gateway parsing a native <c>play</c> command and writing
/// the <c>move</c> event and the <c>game</c> snapshot (gateway/Native, gateway/Sessions), and the runtime's
/// <see cref="RuntimeSerializer"/> writing and reading <see cref="IGameGrain.Play"/>'s arguments and a
/// <see cref="GameView"/> result. The baseline is System.Text.Json serializing the same <see cref="MoveMade"/>
/// record the move event is written from.
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

    private readonly RuntimeSerializer _runtime = new(new NoReferences());
    private readonly Type[] _playParameters = InterfaceMethod.For(typeof(IGameGrain).GetMethod(nameof(IGameGrain.Play))!).Parameters;
    private readonly object?[] _playArguments = ["pG7h8I9j0K1l2", 1, 12];
    private byte[] _playArgumentsJson = [];

    [GlobalSetup]
    public void Setup()
    {
        _playArgumentsJson = RuntimeSerializePlayArguments();
        var back = RuntimeDeserializePlayArguments();
        if (!back.SequenceEqual(_playArguments))
        {
            throw new InvalidOperationException($"Play's arguments did not survive a round trip: [{string.Join(", ", back)}].");
        }

        if (ParsePlayCommand() != "Kx7pQ2mZa".Length + 1 + 12)
        {
            throw new InvalidOperationException("The play command did not parse to its fields.");
        }
    }

    /// <summary>System.Text.Json on the <see cref="MoveMade"/> record (web defaults: camelCase, enums as numbers).</summary>
    [Benchmark(Baseline = true)]
    public byte[] JsonSerializerMoveMade() => JsonSerializer.SerializeToUtf8Bytes(_move, Web);

    /// <summary>The native protocol's <c>move</c> event from the same record.</summary>
    [Benchmark]
    public byte[]? NativeMoveEvent() => NativeMessages.Event(_move);

    /// <summary>The native protocol's <c>game</c> snapshot of a 13-move game.</summary>
    [Benchmark]
    public byte[] NativeGameSnapshot() => NativeMessages.Game(_view);

    /// <summary>Parses a <c>play</c> command and reads its fields, as the native session does.</summary>
    [Benchmark]
    public int ParsePlayCommand()
    {
        var command = Command.Parse(_playCommand, out var document);
        using (document)
        {
            return command.RequiredString("gameId").Length + command.RequiredInt("column") + (command.OptionalInt("ply") ?? 0);
        }
    }

    /// <summary>A grain call's arguments as the caller serializes them: <see cref="IGameGrain.Play"/>(string, int, int?).</summary>
    [Benchmark]
    public byte[] RuntimeSerializePlayArguments() => _runtime.SerializeArguments(_playArguments, _playParameters);

    /// <summary>The same arguments as the grain's silo reads them back.</summary>
    [Benchmark]
    public object?[] RuntimeDeserializePlayArguments() => _runtime.DeserializeArguments(_playArgumentsJson, _playParameters);

    /// <summary>A <see cref="GameView"/> result as the grain's silo serializes it (what <see cref="IGameGrain.GetView"/> returns).</summary>
    [Benchmark]
    public byte[] RuntimeSerializeGameView() => _runtime.Serialize(_view, typeof(GameView));

    /// <summary>None of these values holds a grain or observer reference.</summary>
    private sealed class NoReferences : IReferenceFactory
    {
        public object GetReference(Type interfaceType, GrainId id) =>
            throw new NotSupportedException($"No references in serialization benchmarks ({interfaceType.Name} {id}).");
    }
}
