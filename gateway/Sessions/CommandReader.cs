using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// Reads one native client message: its envelope (type and rid) and typed access to its fields. Every read goes
/// through <see cref="ClientText"/>, so whatever a client sends, a read either returns a usable value or throws a
/// <see cref="ProtocolException"/>: nothing else escapes.
/// </summary>
internal readonly struct CommandReader
{
    private const int MaxRidLength = 64;

    private readonly JsonElement _root;

    private CommandReader(JsonElement root, string type, JsonElement? rid)
    {
        _root = root;
        Type = type;
        Rid = rid;
    }

    public string Type { get; }

    public JsonElement? Rid { get; }

    /// <summary>
    /// Parses a message. Invalid JSON: bad-json. Not an object, or a <c>rid</c> that is neither an integer nor a string
    /// of at most 64 characters: bad-request. No string <c>type</c>: bad-request with the rid.
    /// </summary>
    public static CommandReader Parse(ReadOnlyMemory<byte> message, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            throw new ProtocolException(ErrorCodes.BadJson, "The message is not valid JSON.");
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, "A message must be a JSON object.");
        }

        var rid = ReadRid(root);
        if (!root.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, "A message needs a string field 'type'.", rid);
        }

        if (!ClientText.TryRead(typeValue, out var type))
        {
            throw new ProtocolException(ErrorCodes.BadRequest, ClientText.Unreadable("type"), rid);
        }

        return new CommandReader(root, type, rid);
    }

    /// <summary>The rid of a message that is not read any further (a rate-limited one); null when it has none or it cannot be read.</summary>
    public static JsonElement? RidOf(ReadOnlyMemory<byte> message)
    {
        JsonDocument? document = null;
        try
        {
            return Parse(message, out document).Rid;
        }
        catch (ProtocolException e)
        {
            return e.Rid;
        }
        finally
        {
            document?.Dispose();
        }
    }

    private static JsonElement? ReadRid(JsonElement root)
    {
        if (!root.TryGetProperty("rid", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var valid = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out _),
            JsonValueKind.String => ClientText.TryRead(value, out var text) && text.Length <= MaxRidLength,
            _ => false,
        };

        // Cloned: the rid outlives the document, which is returned as soon as the command is read.
        return valid ? value.Clone() : throw new ProtocolException(ErrorCodes.BadRequest, $"rid must be an integer or a string of at most {MaxRidLength} characters.");
    }

    public string? OptionalString(string name)
    {
        if (!_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must be a string.");
        }

        return ClientText.TryRead(value, out var text) ? text : throw new ProtocolException(ErrorCodes.BadRequest, ClientText.Unreadable(name));
    }

    /// <summary>A string field that must be present and not empty.</summary>
    public string RequiredString(string name) =>
        OptionalString(name) is { Length: > 0 } value ? value : throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' is required and must not be empty.");

    /// <summary>A string field that may be absent, but not empty.</summary>
    public string? OptionalNonEmptyString(string name) => OptionalString(name) switch
    {
        "" => throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must not be empty."),
        var value => value,
    };

    /// <summary>An object field, read with <paramref name="read"/>; null when absent or null, bad-request when not an object.</summary>
    public T? OptionalObject<T>(string name, Func<CommandReader, T> read)
        where T : class =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Object ? read(new CommandReader(value, Type, Rid))
        : throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must be an object.");

    public int? OptionalInt(string name) =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must be an integer.");

    public bool? OptionalBool(string name) =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must be true or false.");

    public int RequiredInt(string name) =>
        OptionalInt(name) ?? throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' is required.");

    /// <summary>
    /// The game named in <c>gameId</c>. An id that is not of the form game ids have names no game: it is refused as
    /// not-found here, without activating a grain for it.
    /// </summary>
    public string GameId() => RequiredString("gameId") is var gameId && GameKeys.IsGameId(gameId) ? gameId : throw NoSuchGame();

    /// <summary>The game a join or watch key belongs to; not-found when the text cannot be a key.</summary>
    public static string GameOfKey(string key) =>
        GameKeys.GameIdOf(key) is { } gameId && GameKeys.IsGameId(gameId) ? gameId : throw NoSuchGame();

    private static ProtocolException NoSuchGame() => new(RuleCodes.NotFound, "There is no such game.");
}
