using System.Text;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>The pieces of the server messages' readers (<see cref="NativeMessage"/>, <see cref="TutorialMessage"/>):
/// a walk over a flat object's fields by name, and the values they hold.</summary>
internal static class JsonFields
{
    /// <summary>What <see cref="Next"/> returns at the end of the object.</summary>
    public const int End = -2;

    /// <summary>What <see cref="Next"/> returns for a field none of the names names (its value is to be skipped).</summary>
    public const int Unknown = -1;

    public static byte[][] Names(params string[] names) => names.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>A reader on <paramref name="json"/>, inside its object; <see cref="JsonException"/> when it is not one.</summary>
    public static Utf8JsonReader Open(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a message is not a JSON object");
        }

        return reader;
    }

    /// <summary>Moves to the next field's value: the index of its name in <paramref name="names"/>, <see cref="Unknown"/>,
    /// or <see cref="End"/>.</summary>
    public static int Next(ref Utf8JsonReader reader, byte[][] names)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return End;
        }

        var field = Unknown;
        for (var i = 0; i < names.Length && field == Unknown; i++)
        {
            field = reader.ValueTextEquals(names[i]) ? i : Unknown;
        }

        reader.Read();
        return field;
    }

    /// <summary>The string value's UTF-8 bytes (unescaped; escaped values are rare and copied), or empty.</summary>
    public static ReadOnlySpan<byte> Text(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        return reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
    }

    /// <summary>The value as an int, or -1 (objects and arrays are skipped).</summary>
    public static int Int(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return -1;
        }

        return reader.TryGetInt32(out var value) ? value : -1;
    }

    /// <summary>1 for "red", 2 for "yellow", 0 otherwise (objects and arrays are skipped).</summary>
    public static int Color(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        return reader.ValueTextEquals("red"u8) ? 1 : reader.ValueTextEquals("yellow"u8) ? 2 : 0;
    }
}
