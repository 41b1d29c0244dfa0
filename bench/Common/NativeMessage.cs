using System.Text.Json;

namespace Connect4.Bench.Common;

internal enum NativeType
{
    Other,
    /// <summary>Not a JSON object, or not JSON at all (<see cref="NativeMessage.Problem"/> says which).</summary>
    Unreadable,
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

/// <summary>
/// The one reader of native-protocol messages: the fields the benchmarks use, read with <see cref="Utf8JsonReader"/>;
/// spans point into the message and live as long as it.
/// </summary>
internal ref struct NativeMessage
{
    private const int TypeField = 0, RidField = 1, PlyField = 2, PlayerField = 3, GameIdField = 4, JoinKeyField = 5, WatchKeyField = 6, CodeField = 7;

    private static readonly byte[][] Fields = JsonFields.Names("type", "rid", "ply", "player", "gameId", "joinKey", "watchKey", "code");

    public NativeType Type;
    public int Rid;
    public int Ply;
    /// <summary>1 red, 2 yellow, 0 absent.</summary>
    public int Player;
    public ReadOnlySpan<byte> GameId;
    public ReadOnlySpan<byte> JoinKey;
    public ReadOnlySpan<byte> WatchKey;
    public ReadOnlySpan<byte> Code;
    /// <summary>Why an <see cref="NativeType.Unreadable"/> message could not be read: the exception's type name.</summary>
    public string? Problem;

    public static NativeMessage Read(ReadOnlySpan<byte> json)
    {
        var m = new NativeMessage { Rid = -1, Ply = -1 };
        try
        {
            var reader = JsonFields.Open(json);
            for (var field = JsonFields.Next(ref reader, Fields); field != JsonFields.End; field = JsonFields.Next(ref reader, Fields))
            {
                switch (field)
                {
                    case TypeField: m.Type = TypeOf(ref reader); break;
                    case RidField: m.Rid = JsonFields.Int(ref reader); break;
                    case PlyField: m.Ply = JsonFields.Int(ref reader); break;
                    case PlayerField: m.Player = JsonFields.Color(ref reader); break;
                    case GameIdField: m.GameId = JsonFields.Text(ref reader); break;
                    case JoinKeyField: m.JoinKey = JsonFields.Text(ref reader); break;
                    case WatchKeyField: m.WatchKey = JsonFields.Text(ref reader); break;
                    case CodeField: m.Code = JsonFields.Text(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (JsonException e)
        {
            return new NativeMessage { Type = NativeType.Unreadable, Rid = -1, Ply = -1, Problem = e.GetType().Name };
        }

        return m;
    }

    /// <summary>
    /// What a player's socket posts for this message when it answers a command (by rid): <c>created</c> (with the game
    /// id and keys), <c>welcome</c>, <c>joined</c> and <c>watching</c> as replies, <c>played</c>, and <c>error</c>; null for
    /// anything else (moves and the other events are their reader's own business).
    /// </summary>
    public readonly SeatEvent? ToReply(int seat, long timestamp) => Type switch
    {
        NativeType.Created => new SeatEvent(SeatEventKind.Reply, seat, Rid, GameId: GameId.ToArray(), JoinKey: JoinKey.ToArray(),
            WatchKey: WatchKey.ToArray(), Timestamp: timestamp),
        NativeType.Welcome or NativeType.Joined or NativeType.Watching => new SeatEvent(SeatEventKind.Reply, seat, Rid, Timestamp: timestamp),
        NativeType.Played => new SeatEvent(SeatEventKind.Played, seat, Rid, Ply, Timestamp: timestamp),
        NativeType.Error => new SeatEvent(SeatEventKind.Error, seat, Rid, Code: ErrorCodes.Of(Code), Timestamp: timestamp),
        _ => null,
    };

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
