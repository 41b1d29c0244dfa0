using System.Text.Json;

namespace Connect4.Gateway.Sessions;

// The commands of PROTOCOL.md section 13 (profiles, history, leaderboard), beside those of Commands.cs.

/// <param name="PlayerId">The player asked about; null for the connection's own.</param>
internal sealed record ProfileCommand(JsonElement? Rid, string? PlayerId) : Command(Rid);

/// <param name="Before">The cursor of the page: entries older than it; null for the newest.</param>
/// <param name="Limit">1 to 50.</param>
internal sealed record HistoryCommand(JsonElement? Rid, string? PlayerId, long? Before, int Limit) : Command(Rid);

/// <param name="Limit">1 to 100.</param>
internal sealed record LeaderboardCommand(JsonElement? Rid, int Limit) : Command(Rid);

/// <param name="Limit">1 to 50 (PROTOCOL.md section 14).</param>
internal sealed record LiveCommand(JsonElement? Rid, int Limit) : Command(Rid);
