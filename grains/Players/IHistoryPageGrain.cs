using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>
/// One page of a player's history (<see cref="PlayerHistory"/>), keyed <c>{playerId}/{page}</c>; only the player's
/// grain calls it. Internal to the grains.
/// </summary>
internal interface IHistoryPageGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="entries"/>, each replacing any entry of the page with its number.</summary>
    Task Put(IReadOnlyList<HistoryEntry> entries);

    /// <summary>The page's entries, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> Read();

    /// <summary>Forgets the page (it fell out of the games kept).</summary>
    Task Clear();
}
