using Connect4.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Players;

/// <summary>A player's rating: read by a rated game as it ends; each rated game's step is applied once (<see cref="RatingLedger"/>).</summary>
public sealed partial class PlayerGrain
{
    public Task<PlayerRating> GetRating() => Task.FromResult(Rating());

    public Task<PlayerProfile?> FindProfile() => Task.FromResult(_state.RecordExists ? Profile() : null);

    private PlayerRating Rating() => RatingLedger.Current(State);

    /// <summary>
    /// Tells the leaderboard the rating after a rated game. A failure is logged, not thrown: the rating is stored, and
    /// the player's next rated game reports again (the game's retry would find this one applied and not report).
    /// </summary>
    private async Task ReportRating()
    {
        try
        {
            var rating = Rating();
            await GrainFactory.GetGrainByKey<ILeaderboardGrain>(ILeaderboardGrain.Key)
                .Report(new LeaderboardEntry(PlayerId, State.Name, rating.Rating, rating.RatedGames));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotReported(PlayerId, e.Message);
        }
    }

    [LoggerMessage(2101, LogLevel.Warning, "Player {PlayerId}: the leaderboard could not be told of its rating ({Reason})")]
    private partial void LogNotReported(string playerId, string reason);

    [LoggerMessage(2102, LogLevel.Warning, "Player {PlayerId}: history page {Page}, no longer kept, could not be cleared ({Reason})")]
    private partial void LogPageNotCleared(string playerId, long page, string reason);

    private bool ApplyRating(string gameId, RatingStep? step) => RatingLedger.Apply(State, gameId, step);
}
