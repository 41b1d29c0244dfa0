using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The native protocol's messages of rematch and chat (PROTOCOL.md sections 10 and 11): replies, events and the snapshot's fields.</summary>
internal static class NativeRematchAndChatMessages
{
    /// <summary>The reply to <c>rematch</c>: an offer, or the new game.</summary>
    public static byte[] Rematch(JsonElement? rid, RematchOutcome outcome) => NativeReplies.Reply("rematch", rid, w =>
    {
        w.WriteString("gameId", outcome.GameId);
        w.WriteString("status", outcome.Started ? "started" : "offered");
        if (outcome.NewGameId is { } newGameId)
        {
            w.WriteString("newGameId", newGameId);
        }
    });

    /// <summary>A rematch or chat event (see <see cref="NativeMessages.Event"/>), or null for any other.</summary>
    public static byte[]? Event(GameEvent gameEvent) => gameEvent switch
    {
        RematchOffered o => NativeMessages.Write(w =>
        {
            w.WriteString("type", "rematch-offer");
            w.WriteString("gameId", o.GameId);
            w.WriteString("from", NativeMessages.Name(o.From));
        }),
        RematchDeclined d => NativeMessages.Write(w =>
        {
            w.WriteString("type", "rematch-declined");
            w.WriteString("gameId", d.GameId);
        }),
        RematchStarted s => NativeMessages.Write(w =>
        {
            w.WriteString("type", "rematch-started");
            w.WriteString("gameId", s.GameId);
            w.WriteString("newGameId", s.NewGameId);
        }),
        ChatSaid c => NativeMessages.Write(w => WriteChat(w, c.GameId, c.Line)),
        _ => null,
    };

    /// <summary>The snapshot's <c>rematch</c> (null, an offer or the new game) and <c>chat</c> (its lines as <c>chat</c> events, oldest first).</summary>
    public static void WriteSnapshotFields(Utf8JsonWriter w, GameView view)
    {
        switch (view.Rematch)
        {
            case { NewGameId: { } newGameId }:
                w.WriteStartObject("rematch");
                w.WriteString("newGameId", newGameId);
                w.WriteEndObject();
                break;
            case { OfferedBy: { } by }:
                w.WriteStartObject("rematch");
                w.WriteString("offeredBy", NativeMessages.Name(by));
                w.WriteEndObject();
                break;
            default:
                w.WriteNull("rematch");
                break;
        }

        w.WriteStartArray("chat");
        foreach (var line in view.Chat)
        {
            w.WriteStartObject();
            WriteChat(w, view.GameId, line);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteChat(Utf8JsonWriter w, string gameId, ChatLine line)
    {
        w.WriteString("type", "chat");
        w.WriteString("gameId", gameId);
        w.WriteString("room", line.Room == ChatRoom.Players ? "players" : "spectators");
        w.WriteStartObject("from");
        w.WriteString("playerId", line.From.PlayerId);
        w.WriteString("name", line.From.Name);
        w.WriteEndObject();
        w.WriteString("text", line.Text);
        w.WriteString("at", line.At.UtcDateTime);
    }
}
