namespace Connect4.Grains.Players;

/// <summary>
/// The ids of a player's last games of some kind, oldest first, kept in its state so that a game telling of its end
/// again is recognised (<see cref="PlayerHistory.Remembered"/>, <see cref="RatingLedger.AppliedKept"/>).
/// </summary>
internal static class RecentGames
{
    /// <summary>Adds <paramref name="gameId"/> and drops the oldest beyond <paramref name="kept"/>.</summary>
    public static void Remember(List<string> ids, string gameId, int kept)
    {
        ids.Add(gameId);
        if (ids.Count > kept)
        {
            ids.RemoveRange(0, ids.Count - kept);
        }
    }
}
