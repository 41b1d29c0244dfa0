using System.Text;
using static Connect4.Tests.Infrastructure.RawWebSocket;

namespace Connect4.Tests.Gateway.Fuzz;

/// <summary>A message the server must refuse with one error: the codes it may carry and the rid it must echo.</summary>
/// <param name="Rid">The rid as raw JSON that the error must carry, or null when none can be read.</param>
/// <param name="RidKnown">False when the mutation may or may not have left a readable rid: the rid is then not checked.</param>
internal sealed record NativeCase(string Text, bool Binary, string? Rid, bool RidKnown, string[] Codes);

/// <summary>A frame that breaks the WebSocket protocol and must end the connection with a close frame of <paramref name="Code"/>.</summary>
internal sealed record FatalCase(string What, byte[] Frame, int Code);

/// <summary>
/// Seeded hostile input of the kinds a fuzzer found in the gateway: strings that are not text, wrong types, empty and
/// misshapen ids, broken JSON, binary frames, WebSocket protocol violations.
/// </summary>
internal sealed class HostileFrames(int seed)
{
    private const string Surrogate = "\"\\ud83d\"";
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly string[] BadRequestOrNotFound = ["bad-request", "not-found"];

    private static readonly (string Type, string Field)[] Fields =
    [
        ("hello", "name"), ("hello", "token"), ("create", "opponent"), ("create", "color"), ("create", "level"),
        ("join", "joinKey"), ("watch", "watchKey"), ("watch", "gameId"), ("unwatch", "gameId"), ("play", "gameId"),
        ("play", "column"), ("play", "ply"), ("resign", "gameId"), ("state", "gameId"), ("analyze", "gameId"), ("analyze", "ply"),
    ];

    private readonly Random _random = new(seed);
    private int _count;

    /// <summary>A message for a native connection that has said hello.</summary>
    public NativeCase NextNative()
    {
        var rid = ++_count % 2 == 0 ? _count.ToString() : $"\"r{_count}\"";
        switch (_random.Next(10))
        {
            case 0:
                var badRid = Pick(Surrogate, "\"" + new string('x', 65) + "\"", "1.5", "{}", "[1]", "true", "1e400", "\"a\\udc00\"");
                return new NativeCase($"{{\"type\":\"ping\",\"rid\":{badRid}}}", false, null, true, ["bad-request"]);
            case 1:
                var badType = Pick(Surrogate, "7", "null", "[\"ping\"]", "{}", "\"pi\\udfffng\"");
                return new NativeCase($"{{\"type\":{badType},\"rid\":{rid}}}", false, rid, true, ["bad-request"]);
            case 2:
                return new NativeCase($"{{\"type\":\"{Word()}#\",\"rid\":{rid}}}", false, rid, true, ["unknown-type"]);
            case 3 or 4 or 5:
                return Corrupted(rid);
            case 6:
                var whole = Corrupted(rid).Text;
                return new NativeCase(whole[.._random.Next(1, whole.Length - 1)], false, null, true, ["bad-json"]);
            case 7:
                return new NativeCase(Noise(), false, null, false, ["bad-json", "bad-request", "unknown-type"]);
            case 8:
                var notObject = Pick("[]", "42", "\"ping\"", "null", "true", new string('[', 100) + new string(']', 100));
                return new NativeCase(notObject, false, null, true, ["bad-json", "bad-request"]);
            default:
                return new NativeCase(Noise(), true, null, true, ["bad-request"]);
        }
    }

    /// <summary>A message for a tutorial connection that is in no game yet: every one is refused.</summary>
    public (string Text, bool Binary) NextTutorial() => _random.Next(7) switch
    {
        0 => ($"{{\"type\":{Pick(Surrogate, "1", "[]")}}}", false),
        1 => ($"{{\"type\":\"init\",\"{Pick("join", "watch")}\":{BadValue()}}}", false),
        2 => ($"{{\"type\":\"init\",\"{Pick("join", "watch")}\":\"{GameId()}.{Secret()}\"}}", false),
        3 => ($"{{\"type\":\"play\",\"column\":{Pick("3", "-1", "\"3\"", Surrogate, "1e400")}}}", false),
        4 => ($"{{\"type\":\"{Word()}#\"}}", false),
        5 => (Noise(), false),
        _ => (Noise(), true),
    };

    /// <summary>A protocol violation, or a message over the size limit.</summary>
    public FatalCase NextFatal() => _random.Next(8) switch
    {
        0 => new("text that is not UTF-8", Frame(0x80 | Text, [(byte)'{', 0xC0, (byte)_random.Next(256), (byte)'}']), 1007),
        1 => new("a reserved bit", Frame((byte)(0x80 | (0x10 << _random.Next(3)) | Text), "{}"u8), 1002),
        2 => new("an unknown opcode", Frame((byte)(0x80 | Pick(3, 4, 5, 6, 7, 11, 12, 13, 14, 15)), "{}"u8), 1002),
        3 => new("a control frame over 125 bytes", Frame((byte)(0x80 | Pick(Ping, Pong)), new byte[_random.Next(126, 2000)]), 1002),
        4 => new("an unmasked frame", Frame(0x80 | Text, "{\"type\":\"ping\"}"u8, masked: false), 1002),
        5 => new("a fragmented control frame", Frame(Ping, "x"u8), 1002),
        6 => new("a lone continuation", Frame(0x80 | Continuation, "x"u8), 1002),
        _ => new("a message over 4 KiB", Frame(0x80 | Text, Encoding.UTF8.GetBytes(new string('x', _random.Next(4097, 9000)))), 1009),
    };

    /// <summary>A command with one field given a value it cannot take.</summary>
    private NativeCase Corrupted(string rid)
    {
        var (type, field) = Fields[_random.Next(Fields.Length)];
        var others = type switch
        {
            "play" => $",\"gameId\":\"{GameId()}\",\"column\":3",
            "analyze" => $",\"gameId\":\"{GameId()}\"",
            _ => "",
        };
        var value = field is "level" or "column" or "ply" ? BadNumber() : BadValue();
        var codes = type == "play" ? [.. BadRequestOrNotFound, "bad-column", "stale"] : BadRequestOrNotFound;
        return new NativeCase($"{{\"type\":\"{type}\",\"rid\":{rid}{others},\"{field}\":{value}}}", false, rid, true, codes);
    }

    /// <summary>A value for a string field that is not a usable string, or names nothing.</summary>
    private string BadValue() => _random.Next(8) switch
    {
        0 => Surrogate,
        1 => "\"\"",
        2 => Pick("3", "-1", "1.5", "true", "[]", "{\"a\":1}"),
        3 => $"\"{new string('k', _random.Next(200, 3000))}\"",
        4 => $"\"{GameId()}\"",
        5 => $"\"{GameId()}.{Secret()}\"",
        6 => $"\"\\u202e{Word()}#\"",
        _ => $"\"{Word()}#\"",
    };

    private string BadNumber() => Pick("-1", "99", "1.5", "1e400", "2147483648", "\"3\"", Surrogate, "[]", "-2147483649");

    /// <summary>Valid UTF-8 that is mostly not JSON: JSON's punctuation, letters, controls, escapes, emoji.</summary>
    private string Noise()
    {
        string[] pieces = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "d83d", "type", "rid", "ping", " ", "\t", "\u0001", "é", "😀", "null", "1e9", "-"];
        var text = new StringBuilder();
        for (var i = _random.Next(1, 40); i > 0; i--)
        {
            text.Append(pieces[_random.Next(pieces.Length)]);
        }

        return text.ToString();
    }

    private string GameId() => new([.. Enumerable.Range(0, 12).Select(_ => UrlSafe[_random.Next(UrlSafe.Length)])]);

    private string Secret() => new([.. Enumerable.Range(0, 22).Select(_ => UrlSafe[_random.Next(UrlSafe.Length)])]);

    private string Word() => new([.. Enumerable.Range(0, _random.Next(1, 12)).Select(_ => (char)('a' + _random.Next(26)))]);

    private T Pick<T>(params T[] choices) => choices[_random.Next(choices.Length)];
}
