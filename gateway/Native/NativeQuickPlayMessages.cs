using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The native protocol's messages of quick play (PROTOCOL.md section 12).</summary>
internal static class NativeQuickPlayMessages
{
    public static byte[] Seeking(JsonElement? rid, string seekId) => NativeReplies.Reply("seeking", rid, w => w.WriteString("seekId", seekId));

    public static byte[] Unseeked(JsonElement? rid, string seekId) => NativeReplies.Reply("unseeked", rid, w => w.WriteString("seekId", seekId));

    /// <summary>A quick-play event (see <see cref="NativeMessages.Event"/>), or null for any other.</summary>
    public static byte[]? Event(GameEvent gameEvent) => gameEvent switch
    {
        SeekPaired p => NativeMessages.Write(w =>
        {
            w.WriteString("type", "paired");
            w.WriteString("seekId", p.SeekId);
            w.WriteString("gameId", p.GameId);
            w.WriteString("color", NativeMessages.Name(p.Color));
        }),
        _ => null,
    };
}
