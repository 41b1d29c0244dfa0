using System.Text;
using System.Text.Json;

namespace Connect4.Bench.Common;

internal enum TutorialType
{
    Other,
    /// <summary>Not a JSON object, or not JSON at all (<see cref="TutorialMessage.Problem"/> says which).</summary>
    Unreadable,
    Init,
    Play,
    Win,
    Error,
}

/// <summary>The reader of the tutorial dialect's messages (PROTOCOL.md section 8).</summary>
internal ref struct TutorialMessage
{
    private const int TypeField = 0, PlayerField = 1, JoinField = 2, WatchField = 3, MessageField = 4;

    private static readonly byte[][] Fields = JsonFields.Names("type", "player", "join", "watch", "message");

    public TutorialType Type;
    public int Player;
    public ReadOnlySpan<byte> Join;
    public ReadOnlySpan<byte> Watch;
    public ReadOnlySpan<byte> Message;
    /// <summary>Why an <see cref="TutorialType.Unreadable"/> message could not be read: the exception's type name.</summary>
    public string? Problem;

    public static TutorialMessage Read(ReadOnlySpan<byte> json)
    {
        var m = default(TutorialMessage);
        try
        {
            var reader = JsonFields.Open(json);
            for (var field = JsonFields.Next(ref reader, Fields); field != JsonFields.End; field = JsonFields.Next(ref reader, Fields))
            {
                switch (field)
                {
                    case TypeField: m.Type = TypeOf(ref reader); break;
                    case PlayerField: m.Player = JsonFields.Color(ref reader); break;
                    case JoinField: m.Join = JsonFields.Text(ref reader); break;
                    case WatchField: m.Watch = JsonFields.Text(ref reader); break;
                    case MessageField: m.Message = JsonFields.Text(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException e)
        {
            return new TutorialMessage { Type = TutorialType.Unreadable, Problem = e.GetType().Name };
        }

        return m;
    }

    private static TutorialType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return TutorialType.Other;
        }

        return reader.ValueTextEquals("play"u8) ? TutorialType.Play
            : reader.ValueTextEquals("error"u8) ? TutorialType.Error
            : reader.ValueTextEquals("win"u8) ? TutorialType.Win
            : reader.ValueTextEquals("init"u8) ? TutorialType.Init
            : TutorialType.Other;
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
