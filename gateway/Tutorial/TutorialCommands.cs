using System.Text.Json;
using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Tutorial;

/// <summary><c>{"type":"init"}</c>, with the key of the game to join or watch, if any.</summary>
internal sealed record TutorialInit(string? JoinKey, string? WatchKey) : Command(Rid: null);

/// <summary><c>{"type":"play","column":c}</c>, in the connection's game.</summary>
internal sealed record TutorialPlay(int Column) : Command(Rid: null);

/// <summary>
/// Reading the tutorial dialect's messages (PROTOCOL.md section 8; docs/PROTOCOL.md, "This server's choices", "Tutorial dialect"). It has
/// no rid, and its refusals are texts: <see cref="TutorialTexts.Invalid"/> for a message that cannot be read,
/// <see cref="TutorialTexts.Unsupported"/> for one it does not know. Which parser goes with which type name is
/// <see cref="TutorialSession.Commands"/>.
/// </summary>
internal static class TutorialCommands
{
    /// <summary>Reads a message: a JSON object and its type, then, once <paramref name="session"/> (when given) is found in a state to run it, its fields.</summary>
    public static (string Type, Command Command, Func<TutorialSession, Command, Task> Run) Read(ReadOnlyMemory<byte> message, TutorialSession? session)
    {
        using var document = Parse(message);
        var type = Text(document.RootElement, "type") ?? throw Unsupported();
        var (command, run) = TutorialSession.Commands.Read(type, document.RootElement, session) ?? throw Unsupported();
        return (type, command, run);
    }

    /// <summary>The keys' form is checked here: a text that cannot be a key names no game, and no grain is asked about it.</summary>
    public static TutorialInit Init(JsonElement root)
    {
        var joinKey = Text(root, "join");
        var watchKey = Text(root, "watch");
        if ((joinKey ?? watchKey) is { } key)
        {
            CommandReader.GameOfKey(key);
        }

        return new TutorialInit(joinKey, watchKey);
    }

    public static TutorialPlay Play(JsonElement root) =>
        root.TryGetProperty("column", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var column)
            ? new TutorialPlay(column)
            : throw Unsupported();

    private static JsonDocument Parse(ReadOnlyMemory<byte> message)
    {
        try
        {
            var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw Invalid();
    }

    /// <summary>A string field, null when absent; a value that is not text (another JSON type, a lone surrogate, empty) is refused.</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && ClientText.TryRead(value, out var text) && text.Length > 0 ? text : throw Invalid();
    }

    private static TutorialRefusal Invalid() => new(ErrorCodes.BadRequest, TutorialTexts.Invalid);

    private static TutorialRefusal Unsupported() => new(ErrorCodes.UnknownType, TutorialTexts.Unsupported);
}
