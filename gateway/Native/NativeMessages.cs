using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>
/// The native protocol's game messages (PROTOCOL.md section 4): the <c>game</c> snapshot and the events; the replies to
/// commands are in <see cref="NativeReplies"/>.
/// </summary>
internal static class NativeMessages
{
    /// <summary>A full snapshot; with a rid when it answers <c>state</c>.</summary>
    public static byte[] Game(GameView view, JsonElement? rid = null) => Write(w =>
    {
        w.WriteString("type", "game");
        WriteRid(w, rid);
        w.WriteString("gameId", view.GameId);
        w.WriteString("you", view.You switch
        {
            ViewerRole.Red => "red",
            ViewerRole.Yellow => "yellow",
            _ => "spectator",
        });
        WriteSeat(w, "red", view.Red);
        WriteSeat(w, "yellow", view.Yellow);
        w.WriteStartArray("moves");
        foreach (var column in view.Moves)
        {
            w.WriteNumberValue(column);
        }

        w.WriteEndArray();
        WriteColorOrNull(w, "turn", view.Turn);
        w.WriteString("status", view.Status switch
        {
            GameStatus.Waiting => "waiting",
            GameStatus.Playing => "playing",
            _ => "over",
        });
        WriteResult(w, view.Result);
        WriteReason(w, view.Reason);
        WriteLine(w, view.Line);
        w.WriteNumber("spectators", view.Spectators);
        if (view.JoinKey is null)
        {
            w.WriteNull("joinKey");
        }
        else
        {
            w.WriteString("joinKey", view.JoinKey);
        }

        w.WriteString("watchKey", view.WatchKey);
        NativeRematchAndChatMessages.WriteSnapshotFields(w, view);
        NativeClock.WriteView(w, view.Clock);
    });

    /// <summary>
    /// The last event rendered on this thread. The gateway hands one event to every connection that follows its game
    /// one after another on one thread, so a crowd's event is written once, not once per connection; the bytes are
    /// only ever read.
    /// </summary>
    [ThreadStatic]
    private static (GameEvent? Event, byte[]? Bytes) t_lastEvent;

    /// <summary>An event as the native protocol sends it (the same bytes for every connection), or null when it sends none.</summary>
    public static byte[]? Event(GameEvent gameEvent)
    {
        if (ReferenceEquals(t_lastEvent.Event, gameEvent))
        {
            return t_lastEvent.Bytes;
        }

        var bytes = RenderEvent(gameEvent);
        t_lastEvent = (gameEvent, bytes);
        return bytes;
    }

    /// <summary>The event's bytes, written anew.</summary>
    internal static byte[]? RenderEvent(GameEvent gameEvent) => gameEvent switch
    {
        MoveMade m => Write(w =>
        {
            w.WriteString("type", "move");
            w.WriteString("gameId", m.GameId);
            w.WriteNumber("ply", m.Ply);
            w.WriteString("player", Name(m.Player));
            w.WriteNumber("column", m.Column);
            w.WriteNumber("row", m.Row);
            WriteColorOrNull(w, "turn", m.Turn);
            NativeClock.WriteMove(w, m.Clock);
        }),
        GameEnded o => Write(w =>
        {
            w.WriteString("type", "over");
            w.WriteString("gameId", o.GameId);
            WriteResult(w, o.Result);
            WriteReason(w, o.Reason);
            WriteLine(w, o.Line);
            NativeRatings.WriteOver(w, o.Ratings);
        }),
        SeatTaken s => Write(w =>
        {
            w.WriteString("type", "joined-by");
            w.WriteString("gameId", s.GameId);
            w.WriteString("color", Name(s.Color));
            w.WriteStartObject("player");
            w.WriteString("playerId", s.Player.PlayerId);
            w.WriteString("name", s.Player.Name);
            NativeRatings.WritePlayer(w, s.Player.Rating);
            w.WriteEndObject();
        }),
        PresenceChanged p => Write(w =>
        {
            w.WriteString("type", "presence");
            w.WriteString("gameId", p.GameId);
            w.WriteString("color", Name(p.Color));
            w.WriteBoolean("online", p.Online);
            NativeClock.WriteClaimableIn(w, p.ClaimableIn);
        }),
        SpectatorsChanged c => Write(w =>
        {
            w.WriteString("type", "spectators");
            w.WriteString("gameId", c.GameId);
            w.WriteNumber("count", c.Count);
        }),
        _ => NativeRematchAndChatMessages.Event(gameEvent) ?? NativeQuickPlayMessages.Event(gameEvent),
    };

    public static string Name(Color color) => color == Color.Red ? "red" : "yellow";

    internal static void WriteRid(Utf8JsonWriter w, JsonElement? rid)
    {
        if (rid is { } value)
        {
            w.WritePropertyName("rid");
            value.WriteTo(w);
        }
    }

    internal static void WriteSeat(Utf8JsonWriter w, string name, Seat? seat)
    {
        if (seat is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteString("playerId", seat.PlayerId);
        w.WriteString("name", seat.Name);
        w.WriteBoolean("online", seat.Online);
        if (seat.Rating is { } rating)
        {
            NativeRatings.WritePlayer(w, rating);
        }

        w.WriteEndObject();
    }

    private static void WriteColorOrNull(Utf8JsonWriter w, string name, Color? color)
    {
        if (color is { } c)
        {
            w.WriteString(name, Name(c));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteResult(Utf8JsonWriter w, GameResult? result)
    {
        switch (result)
        {
            case null:
                w.WriteNull("result");
                break;
            case GameResult.RedWins:
                w.WriteString("result", "red");
                break;
            case GameResult.YellowWins:
                w.WriteString("result", "yellow");
                break;
            default:
                w.WriteString("result", "draw");
                break;
        }
    }

    private static void WriteReason(Utf8JsonWriter w, EndReason? reason)
    {
        if (reason is { } r)
        {
            w.WriteString("reason", r.ToString().ToLowerInvariant());
        }
        else
        {
            w.WriteNull("reason");
        }
    }

    private static void WriteLine(Utf8JsonWriter w, IReadOnlyList<Cell>? line)
    {
        if (line is null)
        {
            w.WriteNull("line");
            return;
        }

        w.WriteStartArray("line");
        foreach (var cell in line)
        {
            w.WriteStartArray();
            w.WriteNumberValue(cell.Column);
            w.WriteNumberValue(cell.Row);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    internal static byte[] Write(Action<Utf8JsonWriter> body) => JsonBytes.Write(body, static (writer, body) =>
    {
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
    });
}
