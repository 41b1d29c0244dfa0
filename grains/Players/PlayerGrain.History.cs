using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>The player's history in pages of its own (<see cref="PlayerHistory"/>): read a page or two per reply, written a page per game.</summary>
public sealed partial class PlayerGrain
{
    /// <summary>A state stored before the history had pages carries its entries: they move to pages at activation.</summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.History.Count == 0)
        {
            return;
        }

        var pages = PlayerHistory.MoveToPages(State);
        await Task.WhenAll(pages.Select(p => HistoryPage(p.Page).Put(p.Entries)));
        await _state.WriteStateAsync(cancellationToken);
    }

    public async Task<HistoryPage?> History(long? before, int limit)
    {
        if (!_state.RecordExists)
        {
            return null;
        }

        var seq = State.HistorySeq;
        var pages = await Task.WhenAll(PlayerHistory.PagesFor(seq, before, limit).Select(p => HistoryPage(p).Read()));
        return PlayerHistory.Page(PlayerId, seq, pages.SelectMany(p => p), before, limit);
    }

    /// <summary>Stores a game's entry in its page, before the player's state counts it (the state's write follows).</summary>
    private async Task<HistoryEntry?> StoreEntry(string gameId, GameResult result, Color color, RatingStep? rating, GameRecord? record)
    {
        if (PlayerHistory.Next(State, gameId, result, color, rating, record) is not { } entry)
        {
            return null;
        }

        await HistoryPage(PlayerHistory.PageOf(entry.Seq)).Put([entry]);
        return entry;
    }

    /// <summary>Clears the page that fell out of the kept games when <paramref name="entry"/> opened a new one; a failure leaves it for nobody to read.</summary>
    private async Task ClearExpiredPage(HistoryEntry entry)
    {
        if (PlayerHistory.Expired(entry.Seq) is { } page)
        {
            try
            {
                await HistoryPage(page).Clear();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPageNotCleared(PlayerId, page, e.Message);
            }
        }
    }

    private IHistoryPageGrain HistoryPage(long page) => GrainFactory.GetGrainByKey<IHistoryPageGrain>(HistoryPageGrain.Key(PlayerId, page));
}
