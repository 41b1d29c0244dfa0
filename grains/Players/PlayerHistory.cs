using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>A player's finished games (pure: the grain stores the state after), each added once by its game id, and read in pages newest first.</summary>
public static class PlayerHistory
{
    /// <summary>
    /// How many finished games a player keeps: its state is read and written whole, so an unbounded history would
    /// make every write of an active player grow. Older games drop out (a history grain per player would lift this).
    /// </summary>
    public const int Kept = 500;

    /// <summary>Adds game <paramref name="gameId"/>'s entry for the player of <paramref name="color"/>, unless it is there; true if <paramref name="state"/> changed.</summary>
    public static bool Add(PlayerState state, string gameId, GameResult result, Color color, RatingStep? rating, GameRecord? record)
    {
        if (record is null || state.History.Exists(e => e.GameId == gameId))
        {
            return false;
        }

        // Without the opponent's rating: a history entry shows who it was (id and name), and the player's state is
        // rewritten whole at every game's end, so each byte of an entry is written up to 500 times (docs/PERFORMANCE.md).
        var opponent = (color == Color.Red ? record.Yellow : record.Red) with { Rating = null };
        state.HistorySeq++;
        state.History.Add(new HistoryEntry(state.HistorySeq, gameId, color, opponent, result, record.Reason, rating, record.Moves, record.EndedAt));
        if (state.History.Count > Kept)
        {
            state.History.RemoveAt(0);
        }

        return true;
    }

    /// <summary>At most <paramref name="limit"/> entries older than <paramref name="before"/> (or the newest), newest first, and the cursor of the page after.</summary>
    public static HistoryPage Page(string playerId, IReadOnlyList<HistoryEntry> history, long? before, int limit)
    {
        var older = history.Where(e => before is null || e.Seq < before).Reverse().ToList();
        var page = older.Take(limit).ToList();
        return new HistoryPage(playerId, page, older.Count > limit ? page[^1].Seq : null);
    }
}
