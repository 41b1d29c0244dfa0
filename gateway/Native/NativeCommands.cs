using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>
/// Reading the native protocol's commands (PROTOCOL.md sections 1 to 3, docs/PROTOCOL.md, "This server's choices", "Reading what a
/// client sends"): the envelope, then each command's fields into its <see cref="Command"/> record. Which parser goes
/// with which type name is <see cref="NativeSession.Commands"/>.
/// </summary>
internal static partial class NativeCommands
{
    /// <summary>
    /// Reads a message: its envelope (bad-json, bad-request), its type (unknown-type), then, once
    /// <paramref name="session"/> (when given) is found in a state to run it, its fields. Every refusal after the rid
    /// was read carries the rid.
    /// </summary>
    public static (string Type, Command Command, Func<NativeSession, Command, Task> Run) Read(ReadOnlyMemory<byte> message, NativeSession? session)
    {
        var reader = CommandReader.Parse(message, out var document);
        using (document)
        {
            try
            {
                var (command, run) = NativeSession.Commands.Read(reader.Type, reader, session)
                    ?? throw new ProtocolException(ErrorCodes.UnknownType, $"Unknown message type '{reader.Type}'.");
                return (reader.Type, command, run);
            }
            catch (ProtocolException e) when (e.Rid is null && reader.Rid is not null)
            {
                throw e.WithRid(reader.Rid);
            }
        }
    }

    public static HelloCommand Hello(CommandReader r) =>
        new(r.Rid, PlayerNames.Normalize(r.OptionalString("name")), r.OptionalString("token"));

    public static CreateCommand Create(CommandReader r)
    {
        var opponent = r.OptionalString("opponent") switch
        {
            null or "human" => OpponentKind.Human,
            "bot" => OpponentKind.Bot,
            var other => throw new ProtocolException(ErrorCodes.BadRequest, $"opponent must be \"human\" or \"bot\", not \"{other}\"."),
        };
        var color = r.OptionalString("color") switch
        {
            null or "red" => ColorChoice.Red,
            "yellow" => ColorChoice.Yellow,
            "random" => ColorChoice.Random,
            var other => throw new ProtocolException(ErrorCodes.BadRequest, $"color must be \"red\", \"yellow\" or \"random\", not \"{other}\"."),
        };
        var level = r.OptionalInt("level");
        return level is < 1 or > 5
            ? throw new ProtocolException(ErrorCodes.BadRequest, "level must be 1 to 5.")
            : new CreateCommand(r.Rid, opponent, color, level, r.OptionalObject("clock", NativeClock.Settings), Rated: r.OptionalBool("rated") ?? false, Public: r.OptionalBool("public") ?? false);
    }

    public static JoinCommand Join(CommandReader r)
    {
        var joinKey = r.RequiredString("joinKey");
        CommandReader.GameOfKey(joinKey);
        return new JoinCommand(r.Rid, joinKey);
    }

    public static WatchCommand Watch(CommandReader r)
    {
        var watchKey = r.OptionalNonEmptyString("watchKey");
        var gameId = watchKey is not null ? CommandReader.GameOfKey(watchKey)
            : r.OptionalNonEmptyString("gameId") is not null ? r.GameId()
            : throw new ProtocolException(ErrorCodes.BadRequest, "watch needs 'watchKey' or 'gameId'.");
        return new WatchCommand(r.Rid, gameId, watchKey);
    }

    public static UnwatchCommand Unwatch(CommandReader r) => new(r.Rid, r.GameId());

    public static PlayCommand Play(CommandReader r) => new(r.Rid, r.GameId(), r.RequiredInt("column"), r.OptionalInt("ply"));

    public static ResignCommand Resign(CommandReader r) => new(r.Rid, r.GameId());

    public static StateCommand State(CommandReader r) => new(r.Rid, r.GameId());

    public static PingCommand Ping(CommandReader r) => new(r.Rid);

    public static AnalyzeCommand Analyze(CommandReader r) => new(r.Rid, r.GameId(), r.OptionalInt("ply"));

    public static ClaimCommand Claim(CommandReader r) => new(r.Rid, r.GameId());
}
