using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The native protocol's replies to commands (PROTOCOL.md sections 1 to 3), each echoing its command's rid.</summary>
internal static class NativeReplies
{
    public static byte[] Reply(string type, JsonElement? rid, Action<Utf8JsonWriter>? fields = null) => NativeMessages.Write(w =>
    {
        w.WriteString("type", type);
        NativeMessages.WriteRid(w, rid);
        fields?.Invoke(w);
    });

    public static byte[] Error(JsonElement? rid, string code, string message) => Reply("error", rid, w =>
    {
        w.WriteString("code", code);
        w.WriteString("message", message);
    });

    public static byte[] Welcome(JsonElement? rid, PlayerProfile profile, string token) => Reply("welcome", rid, w =>
    {
        w.WriteString("playerId", profile.PlayerId);
        w.WriteString("name", profile.Name);
        w.WriteString("token", token);
        NativeRatings.WritePlayer(w, profile.Rating?.Rating);
        w.WriteStartArray("games");
        foreach (var game in profile.Games)
        {
            w.WriteStringValue(game);
        }

        w.WriteEndArray();
    });

    /// <summary>A reply whose only field is the game it is about (<c>joined</c>, <c>watching</c>, <c>unwatched</c>, <c>resigned</c>).</summary>
    public static byte[] ForGame(string type, JsonElement? rid, string gameId) => Reply(type, rid, w => w.WriteString("gameId", gameId));

    public static byte[] Created(JsonElement? rid, CreatedGame created) => Reply("created", rid, w =>
    {
        w.WriteString("gameId", created.GameId);
        w.WriteString("joinKey", created.JoinKey);
        w.WriteString("watchKey", created.WatchKey);
    });

    public static byte[] Played(JsonElement? rid, string gameId, int ply) => Reply("played", rid, w =>
    {
        w.WriteString("gameId", gameId);
        w.WriteNumber("ply", ply);
    });

    public static byte[] Analysis(JsonElement? rid, GameAnalysis analysis) => Reply("analysis", rid, w =>
    {
        w.WriteString("gameId", analysis.GameId);
        w.WriteNumber("ply", analysis.Ply);
        w.WriteStartArray("scores");
        foreach (var score in analysis.Scores)
        {
            if (score is { } value)
            {
                w.WriteNumberValue(value);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("best");
        foreach (var column in analysis.Best)
        {
            w.WriteNumberValue(column);
        }

        w.WriteEndArray();
    });
}
