using Connect4.GrainInterfaces;
using Connect4.Grains.Games;

namespace Connect4.Grains.Players;

/// <summary>What a page of a player's history stores.</summary>
[GenerateSerializer]
[Alias("connect4.HistoryPageState")]
public sealed class HistoryPageState
{
    [Id(0)]
    public List<HistoryEntry> Entries { get; set; } = [];
}

/// <summary>A page of a player's history, stored on its own so that a game's end writes a page, not the whole history.</summary>
internal sealed class HistoryPageGrain(
    [PersistentState("history", GameOptions.StorageName)] IPersistentState<HistoryPageState> state) : Grain, IHistoryPageGrain
{
    public static string Key(string playerId, long page) => $"{playerId}/{page}";

    public async Task Put(IReadOnlyList<HistoryEntry> entries)
    {
        var before = state.State.Entries;
        var numbers = entries.Select(e => e.Seq).ToHashSet();
        state.State.Entries = [.. before.Where(e => !numbers.Contains(e.Seq)).Concat(entries).OrderBy(e => e.Seq)];
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Entries = before;
            throw;
        }
    }

    public Task<IReadOnlyList<HistoryEntry>> Read() => Task.FromResult<IReadOnlyList<HistoryEntry>>(state.State.Entries);

    public Task Clear() => state.RecordExists ? state.ClearStateAsync() : Task.CompletedTask;
}
