namespace Connect4.GrainInterfaces;

/// <summary>A player as the leaderboard ranks it: its rating after its last rated game and its number of rated games.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.LeaderboardEntry")]
public sealed record LeaderboardEntry([property: Id(0)] string PlayerId, [property: Id(1)] string Name, [property: Id(2)] RatingValue Rating, [property: Id(3)] int Games);

/// <summary>
/// The leaderboard (PROTOCOL.md section 13): one grain, key <see cref="Key"/>, that every player reports to after each
/// rated game, keeping the top players only; a request reads it, never the players.
/// </summary>
public interface ILeaderboardGrain : IGrainWithStringKey
{
    public const string Key = "global";

    /// <summary>A player's rating after a rated game: it enters, moves on, or leaves the board.</summary>
    Task Report(LeaderboardEntry entry);

    /// <summary>The top <paramref name="limit"/> players, highest rating first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<LeaderboardEntry>> Top(int limit);
}
