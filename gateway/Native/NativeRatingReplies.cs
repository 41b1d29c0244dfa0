using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The replies of PROTOCOL.md section 13's commands: <c>profile</c>, <c>history</c>, <c>leaderboard</c>.</summary>
internal static class NativeRatingReplies
{
    public static byte[] Profile(JsonElement? rid, PlayerProfile profile) => NativeReplies.Reply("profile", rid, w =>
    {
        var rating = profile.Rating?.Rating ?? RatingValue.New;
        w.WriteString("playerId", profile.PlayerId);
        w.WriteString("name", profile.Name);
        w.WriteNumber("rating", rating.Rounded);
        w.WriteNumber("deviation", Math.Round(rating.Deviation));
        w.WriteBoolean("provisional", rating.Provisional);
        w.WriteStartObject("record");
        w.WriteNumber("wins", profile.Stats.Wins);
        w.WriteNumber("losses", profile.Stats.Losses);
        w.WriteNumber("draws", profile.Stats.Draws);
        w.WriteEndObject();
        w.WriteNumber("games", profile.Stats.Wins + profile.Stats.Losses + profile.Stats.Draws);
    });

    public static byte[] History(JsonElement? rid, HistoryPage page) => NativeReplies.Reply("history", rid, w =>
    {
        w.WriteString("playerId", page.PlayerId);
        w.WriteStartArray("games");
        foreach (var entry in page.Games)
        {
            WriteEntry(w, entry);
        }

        w.WriteEndArray();
        if (page.Next is { } next)
        {
            w.WriteNumber("next", next);
        }
        else
        {
            w.WriteNull("next");
        }
    });

    public static byte[] Leaderboard(JsonElement? rid, IReadOnlyList<LeaderboardEntry> players) => NativeReplies.Reply("leaderboard", rid, w =>
    {
        w.WriteStartArray("players");
        for (var i = 0; i < players.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("rank", i + 1);
            w.WriteString("playerId", players[i].PlayerId);
            w.WriteString("name", players[i].Name);
            w.WriteNumber("rating", players[i].Rating.Rounded);
            w.WriteNumber("games", players[i].Games);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    public static byte[] Live(JsonElement? rid, IReadOnlyList<LiveGame> games) => NativeReplies.Reply("live", rid, w =>
    {
        w.WriteStartArray("games");
        foreach (var game in games)
        {
            w.WriteStartObject();
            w.WriteString("gameId", game.GameId);
            NativeMessages.WriteSeat(w, "red", game.Red);
            NativeMessages.WriteSeat(w, "yellow", game.Yellow);
            w.WriteNumber("ply", game.Ply);
            w.WriteNumber("spectators", game.Spectators);
            NativeClock.WriteView(w, game.Clock);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static void WriteEntry(Utf8JsonWriter w, HistoryEntry entry)
    {
        w.WriteStartObject();
        w.WriteString("gameId", entry.GameId);
        w.WriteString("color", NativeMessages.Name(entry.Color));
        w.WriteStartObject("opponent");
        if (entry.Opponent.PlayerId.StartsWith("bot:", StringComparison.Ordinal) && int.TryParse(entry.Opponent.PlayerId.AsSpan(4), out var level))
        {
            w.WriteNumber("bot", level);
        }
        else
        {
            w.WriteString("playerId", entry.Opponent.PlayerId);
            w.WriteString("name", entry.Opponent.Name);
        }

        w.WriteEndObject();
        var won = (entry.Result, entry.Color) is (GameResult.RedWins, Color.Red) or (GameResult.YellowWins, Color.Yellow);
        w.WriteString("result", entry.Result == GameResult.Draw ? "draw" : won ? "win" : "loss");
        w.WriteString("reason", entry.Reason.ToString().ToLowerInvariant());
        w.WriteBoolean("rated", entry.Rating is not null);
        WriteRatingOrNull(w, "ratingBefore", entry.Rating?.Before);
        WriteRatingOrNull(w, "ratingAfter", entry.Rating?.After);
        w.WriteNumber("moves", entry.Moves);
        w.WriteString("endedAt", entry.EndedAt);
        w.WriteEndObject();
    }

    private static void WriteRatingOrNull(Utf8JsonWriter w, string name, RatingValue? rating)
    {
        if (rating is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, rating.Rounded);
        }
    }
}
