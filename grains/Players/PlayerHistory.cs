using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>
/// A player's finished games (pure: the grain stores what it decides), kept in pages of <see cref="PageSize"/> entries
/// each stored on its own (<see cref="HistoryPageGrain"/>), so that a game's end writes one small page and the player's
/// small state rather than the whole history. Entry <c>n</c> (its sequence number, from 1) lives in page
/// <c>(n - 1) / PageSize</c>; the player's state says which numbers are real (<see cref="PlayerState.HistorySeq"/>) and
/// which recent games they were (<see cref="PlayerState.HistoryGames"/>), so each game is added once by its id.
/// </summary>
/// <remarks>
/// A game's entry is written to its page before the player's state counts it: a failure between the two leaves an
/// entry numbered past <see cref="PlayerState.HistorySeq"/>, which reads ignore and the player's next game overwrites
/// (a retry of the same game writes the same entry again).
/// </remarks>
public static class PlayerHistory
{
    /// <summary>How many finished games a player keeps; older ones drop out of the replies, and their pages are cleared.</summary>
    public const int Kept = 500;

    /// <summary>
    /// How many of the last games' ids the player's state keeps, to recognise a game that tells of its end again. A game
    /// tells its players until it has stored that they heard (again at most a minute later, by its reminder), so a repeat
    /// comes long before its player could finish this many other games. Fewer than <see cref="Kept"/> because the state
    /// carries them in every write: at a game's create, join and end.
    /// </summary>
    public const int Remembered = 100;

    /// <summary>Entries per stored page: a reply of up to 50 entries reads at most two pages.</summary>
    public const int PageSize = 50;

    /// <summary>The page that holds entry <paramref name="seq"/>.</summary>
    public static long PageOf(long seq) => (seq - 1) / PageSize;

    /// <summary>
    /// Game <paramref name="gameId"/>'s entry for the player of <paramref name="color"/>, numbered next; null when the
    /// game has no record or the player has it already. Changes nothing: <see cref="Added"/> does, once it is stored.
    /// </summary>
    public static HistoryEntry? Next(PlayerState state, string gameId, GameResult result, Color color, RatingStep? rating, GameRecord? record)
    {
        if (record is null || state.HistoryGames.Contains(gameId))
        {
            return null;
        }

        // Without the opponent's rating: an entry shows who it was (id and name), and each byte is stored with it.
        var opponent = (color == Color.Red ? record.Yellow : record.Red) with { Rating = null };
        return new HistoryEntry(state.HistorySeq + 1, gameId, color, opponent, result, record.Reason, rating, record.Moves, record.EndedAt);
    }

    /// <summary>Counts <paramref name="entry"/> (made by <see cref="Next"/>, and stored in its page) in the player's state.</summary>
    public static void Added(PlayerState state, HistoryEntry entry)
    {
        state.HistorySeq = entry.Seq;
        RecentGames.Remember(state.HistoryGames, entry.GameId, Remembered);
    }

    /// <summary>
    /// The page that fell out of the kept games when entry <paramref name="seq"/> opened a new page (to be cleared), or
    /// null. Entries up to <see cref="Kept"/> + <see cref="PageSize"/> back stay stored; replies show only the last <see cref="Kept"/>.
    /// </summary>
    public static long? Expired(long seq)
    {
        var dropped = PageOf(seq) - Kept / PageSize - 1;
        return (seq - 1) % PageSize == 0 && dropped >= 0 ? dropped : null;
    }

    /// <summary>The pages a reply of <paramref name="limit"/> entries older than <paramref name="before"/> (or the newest) reads, newest first.</summary>
    public static IReadOnlyList<long> PagesFor(long historySeq, long? before, int limit)
    {
        var (top, bottom) = Window(historySeq, before);
        if (top < bottom)
        {
            return [];
        }

        var lowest = Math.Max(bottom, top - limit + 1);
        var pages = new List<long>();
        for (var page = PageOf(top); page >= PageOf(lowest); page--)
        {
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>
    /// At most <paramref name="limit"/> entries older than <paramref name="before"/> (or the newest), newest first, and
    /// the cursor of the page after, from <paramref name="entries"/> (the pages <see cref="PagesFor"/> named, in any order).
    /// </summary>
    public static HistoryPage Page(string playerId, long historySeq, IEnumerable<HistoryEntry> entries, long? before, int limit)
    {
        var (top, bottom) = Window(historySeq, before);
        var page = entries.Where(e => e.Seq >= bottom && e.Seq <= top).OrderByDescending(e => e.Seq).Take(limit).ToList();
        return new HistoryPage(playerId, page, page.Count > 0 && page[^1].Seq > bottom ? page[^1].Seq : null);
    }

    /// <summary>
    /// A player's state from before pages kept its history in the state itself: its entries grouped by page, for the
    /// grain to store, after which <paramref name="state"/> is as if they had been added one by one.
    /// </summary>
    public static IReadOnlyList<(long Page, IReadOnlyList<HistoryEntry> Entries)> MoveToPages(PlayerState state)
    {
        var pages = state.History.GroupBy(e => PageOf(e.Seq)).Select(g => (g.Key, (IReadOnlyList<HistoryEntry>)[.. g])).ToList();
        foreach (var entry in state.History.Where(e => !state.HistoryGames.Contains(e.GameId)))
        {
            state.HistoryGames.Add(entry.GameId);
        }

        state.HistoryGames = [.. state.HistoryGames.TakeLast(Remembered)];
        state.History = [];
        return pages;
    }

    /// <summary>The numbers a reply may show: from the newest below <paramref name="before"/> down to the oldest kept.</summary>
    private static (long Top, long Bottom) Window(long historySeq, long? before) =>
        (Math.Min(historySeq, (before ?? long.MaxValue) - 1), Math.Max(1, historySeq - Kept + 1));
}
