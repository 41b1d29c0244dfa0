using Connect4.GrainInterfaces;

namespace Connect4.Grains.Leaderboards;

/// <summary>
/// The ranked players (pure: the grain stores it): those with at least <see cref="MinGames"/> rated games who are not
/// provisional, highest rating first, at most <see cref="Kept"/> of them.
/// </summary>
public static class Leaderboard
{
    /// <summary>The contract's least number of rated games to be ranked.</summary>
    public const int MinGames = 5;

    /// <summary>
    /// How many players the board keeps: requests ask for 100 at most; the rest is margin, so a player falling out of
    /// the top 100 still has its place when one above it drops out. A player cut from the board returns by its next
    /// rated game's report.
    /// </summary>
    public const int Kept = 300;

    public static bool Ranked(LeaderboardEntry entry) => entry.Games >= MinGames && !entry.Rating.Provisional;

    /// <summary>The board after <paramref name="entry"/>'s report: its player's earlier entry replaced, or removed if no longer ranked.</summary>
    public static List<LeaderboardEntry> Report(IReadOnlyList<LeaderboardEntry> board, LeaderboardEntry entry)
    {
        var next = board.Where(e => e.PlayerId != entry.PlayerId).ToList();
        if (Ranked(entry))
        {
            next.Add(entry);
        }

        return next
            .OrderByDescending(e => e.Rating.Value)
            .ThenBy(e => e.PlayerId, StringComparer.Ordinal)
            .Take(Kept)
            .ToList();
    }
}
