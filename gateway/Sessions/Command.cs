using System.Text.Json;

namespace Connect4.Gateway.Sessions;

/// <summary>A refused command: the protocol error code and a message for people.</summary>
internal sealed class ProtocolException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// One parsed client message: its type, its rid, and typed access to its fields. Every read goes through
/// <see cref="ClientText"/>, so whatever a client sends, a read either returns a usable value or throws a
/// <see cref="ProtocolException"/>: nothing else escapes.
/// </summary>
internal readonly struct Command
{
    private readonly JsonElement _root;

    private Command(JsonElement root, string type, JsonElement? rid)
    {
        _root = root;
        Type = type;
        Rid = rid;
    }

    public string Type { get; }

    public JsonElement? Rid { get; }

    /// <summary>
    /// Parses a message. Invalid JSON: bad-json. Not an object, no string <c>type</c>, or a <c>rid</c> that is
    /// neither an integer nor a string of at most 64 characters: bad-request (with the rid when it was valid).
    /// </summary>
    public static Command Parse(ReadOnlyMemory<byte> message, out JsonDocument document)
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

        JsonElement? rid = null;
        if (root.TryGetProperty("rid", out var ridValue) && ridValue.ValueKind != JsonValueKind.Null)
        {
            var valid = ridValue.ValueKind switch
            {
                JsonValueKind.Number => ridValue.TryGetInt64(out _),
                JsonValueKind.String => ClientText.TryRead(ridValue, out var text) && text.Length <= 64,
                _ => false,
            };
            if (!valid)
            {
                throw new ProtocolException(ErrorCodes.BadRequest, "rid must be an integer or a string of at most 64 characters.");
            }

            rid = ridValue.Clone();
        }

        if (!root.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
        {
            throw new RidProtocolException(rid, ErrorCodes.BadRequest, "A message needs a string field 'type'.");
        }

        if (!ClientText.TryRead(typeValue, out var type))
        {
            throw new RidProtocolException(rid, ErrorCodes.BadRequest, ClientText.Unreadable("type"));
        }

        return new Command(root, type, rid);
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

    public int? OptionalInt(string name) =>
        !_root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
        : throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' must be an integer.");

    public int RequiredInt(string name) =>
        OptionalInt(name) ?? throw new ProtocolException(ErrorCodes.BadRequest, $"'{name}' is required.");
}

/// <summary>A <see cref="ProtocolException"/> found after the rid was read, so the error can echo it.</summary>
internal sealed class RidProtocolException(JsonElement? rid, string code, string message) : Exception(message)
{
    public JsonElement? Rid { get; } = rid;

    public string Code { get; } = code;
}
