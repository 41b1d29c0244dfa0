using System.Text;
using System.Text.Json;

namespace Connect4.Bench.Common;

internal enum NativeType
{
    Other,
    Welcome,
    Created,
    Joined,
    Watching,
    Played,
    Move,
    Over,
    Error,
    /// <summary>A <c>game</c> snapshot.</summary>
    Game,
    /// <summary>A <c>spectators</c> count event.</summary>
    Spectators,
}

/// <summary>The fields of a native-protocol message the benchmarks use, read with <see cref="Utf8JsonReader"/>;
/// spans point into the message and live as long as it.</summary>
internal ref struct NativeMessage
{
    public NativeType Type;
    public int Rid;
    public int Ply;
    /// <summary>1 red, 2 yellow, 0 absent.</summary>
    public int Player;
    public ReadOnlySpan<byte> GameId;
    public ReadOnlySpan<byte> JoinKey;
    public ReadOnlySpan<byte> WatchKey;
    public ReadOnlySpan<byte> Code;

    public static NativeMessage Parse(ReadOnlySpan<byte> json)
    {
        var m = new NativeMessage { Rid = -1, Ply = -1 };
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a message is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                m.Type = TypeOf(ref reader);
            }
            else if (reader.ValueTextEquals("rid"u8))
            {
                reader.Read();
                m.Rid = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var rid) ? rid : -1;
            }
            else if (reader.ValueTextEquals("ply"u8))
            {
                reader.Read();
                m.Ply = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var ply) ? ply : -1;
            }
            else if (reader.ValueTextEquals("player"u8))
            {
                reader.Read();
                m.Player = Json.Color(ref reader);
            }
            else if (reader.ValueTextEquals("gameId"u8))
            {
                reader.Read();
                m.GameId = Json.Text(ref reader);
            }
            else if (reader.ValueTextEquals("joinKey"u8))
            {
                reader.Read();
                m.JoinKey = Json.Text(ref reader);
            }
            else if (reader.ValueTextEquals("watchKey"u8))
            {
                reader.Read();
                m.WatchKey = Json.Text(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                m.Code = Json.Text(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return m;
    }

    private static NativeType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return NativeType.Other;
        }

        return reader.ValueTextEquals("move"u8) ? NativeType.Move
            : reader.ValueTextEquals("played"u8) ? NativeType.Played
            : reader.ValueTextEquals("error"u8) ? NativeType.Error
            : reader.ValueTextEquals("over"u8) ? NativeType.Over
            : reader.ValueTextEquals("created"u8) ? NativeType.Created
            : reader.ValueTextEquals("joined"u8) ? NativeType.Joined
            : reader.ValueTextEquals("watching"u8) ? NativeType.Watching
            : reader.ValueTextEquals("welcome"u8) ? NativeType.Welcome
            : reader.ValueTextEquals("spectators"u8) ? NativeType.Spectators
            : reader.ValueTextEquals("game"u8) ? NativeType.Game
            : NativeType.Other;
    }
}

internal enum TutorialType
{
    Other,
    Init,
    Play,
    Win,
    Error,
}

/// <summary>The fields of a message of the tutorial dialect (PROTOCOL.md section 8).</summary>
internal ref struct TutorialMessage
{
    public TutorialType Type;
    public int Player;
    public ReadOnlySpan<byte> Join;
    public ReadOnlySpan<byte> Watch;
    public ReadOnlySpan<byte> Message;

    public static TutorialMessage Parse(ReadOnlySpan<byte> json)
    {
        var m = default(TutorialMessage);
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a message is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                m.Type = reader.TokenType != JsonTokenType.String ? TutorialType.Other
                    : reader.ValueTextEquals("play"u8) ? TutorialType.Play
                    : reader.ValueTextEquals("error"u8) ? TutorialType.Error
                    : reader.ValueTextEquals("win"u8) ? TutorialType.Win
                    : reader.ValueTextEquals("init"u8) ? TutorialType.Init
                    : TutorialType.Other;
            }
            else if (reader.ValueTextEquals("player"u8))
            {
                reader.Read();
                m.Player = Json.Color(ref reader);
            }
            else if (reader.ValueTextEquals("join"u8))
            {
                reader.Read();
                m.Join = Json.Text(ref reader);
            }
            else if (reader.ValueTextEquals("watch"u8))
            {
                reader.Read();
                m.Watch = Json.Text(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                m.Message = Json.Text(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return m;
    }

    /// <summary>The native code that an error text of the dialect stands for (texts of PROTOCOL.md section 8 and
    /// docs/PROTOCOL.md section 9); any other text is reported as <c>text: ...</c>.</summary>
    public static string CodeOf(ReadOnlySpan<byte> text)
    {
        foreach (var (known, code) in Texts)
        {
            if (text.SequenceEqual(known))
            {
                return code;
            }
        }

        return "text: " + Encoding.UTF8.GetString(text);
    }

    private static readonly (byte[] Text, string Code)[] Texts =
    [
        ("It isn't your turn."u8.ToArray(), "not-your-turn"),
        ("This slot is full."u8.ToArray(), "column-full"),
        ("Game not found."u8.ToArray(), "not-found"),
        ("The game is over."u8.ToArray(), "game-over"),
        ("This game already has two players."u8.ToArray(), "game-full"),
        ("Wait for the other player to join."u8.ToArray(), "not-started"),
        ("You are watching this game."u8.ToArray(), "not-a-player"),
        ("This column does not exist."u8.ToArray(), "bad-column"),
        ("This connection is already in a game."u8.ToArray(), "already-in-game"),
        ("Invalid message."u8.ToArray(), "bad-json"),
        ("Unsupported message."u8.ToArray(), "unknown-type"),
        ("Too many messages."u8.ToArray(), "rate-limited"),
        ("The service could not answer in time; try again."u8.ToArray(), "unavailable"),
        ("Something went wrong on the server; nothing was done."u8.ToArray(), "internal"),
    ];
}

internal static class Json
{
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

    /// <summary>1 for "red", 2 for "yellow", 0 otherwise (objects and arrays are skipped).</summary>
    public static int Color(scoped ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return 0;
        }

        return reader.ValueTextEquals("red"u8) ? 1 : reader.ValueTextEquals("yellow"u8) ? 2 : 0;
    }
}

/// <summary>Error codes as strings without allocating for the known ones.</summary>
internal static class ErrorCodes
{
    private static readonly string[] Known =
    [
        "bad-json", "bad-request", "unknown-type", "not-authenticated", "rate-limited", "unsupported", "unavailable",
        "internal", "auth-failed", "not-found", "game-full", "own-game", "not-a-player", "not-started", "not-your-turn",
        "bad-column", "column-full", "game-over", "stale", "not-allowed",
    ];

    private static readonly byte[][] KnownUtf8 = Known.Select(Encoding.UTF8.GetBytes).ToArray();

    public static string Of(ReadOnlySpan<byte> code)
    {
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (code.SequenceEqual(KnownUtf8[i]))
            {
                return Known[i];
            }
        }

        return code.IsEmpty ? "(no code)" : Encoding.UTF8.GetString(code);
    }
}
