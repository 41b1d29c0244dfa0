using Connect4.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Leaderboards;

/// <summary>What the leaderboard stores: its ranked players, highest first.</summary>
[GenerateSerializer]
[Alias("connect4.LeaderboardState")]
public sealed class LeaderboardState
{
    [Id(0)]
    public List<LeaderboardEntry> Players { get; set; } = [];
}

/// <summary>
/// The one leaderboard: players report after each rated game, and requests read the top. Stored, so a new activation
/// (after a silo's death too) starts from the board as last written; a report whose write failed comes again with its
/// player's next rated game.
/// </summary>
public sealed partial class LeaderboardGrain(
    [PersistentState("leaderboard", GameOptions.StorageName)] IPersistentState<LeaderboardState> state,
    ILogger<LeaderboardGrain> logger) : Grain, ILeaderboardGrain
{
    public async Task Report(LeaderboardEntry entry)
    {
        var before = state.State.Players;
        var after = Leaderboard.Report(before, entry);
        if (after.SequenceEqual(before))
        {
            return;
        }

        state.State.Players = after;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            state.State.Players = before;
            LogNotStored(entry.PlayerId, e.Message);
            throw;
        }
    }

    public Task<IReadOnlyList<LeaderboardEntry>> Top(int limit) =>
        Task.FromResult<IReadOnlyList<LeaderboardEntry>>(state.State.Players.Take(limit).ToList());

    [LoggerMessage(2400, LogLevel.Warning, "Leaderboard: the report of {PlayerId} could not be stored ({Reason})")]
    private partial void LogNotStored(string playerId, string reason);
}
