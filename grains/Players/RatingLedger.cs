using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>
/// A player's rating changes, each rated game's applied once by its game id (pure: the grain stores the state after).
/// A game tells its players of its end until both acknowledged, so the same game's step may come more than once.
/// </summary>
public static class RatingLedger
{
    /// <summary>
    /// How many applied rated games' ids a player keeps. A game retries telling its players only until both answer
    /// (seconds, or until its grain activates again), so a retry never comes 500 rated games late.
    /// </summary>
    public const int AppliedKept = 500;

    /// <summary>The player's rating now: a new player's until its first rated game.</summary>
    public static PlayerRating Current(PlayerState state) => new(state.Rating ?? RatingValue.New, state.RatedGames);

    /// <summary>Applies game <paramref name="gameId"/>'s <paramref name="step"/> unless it was applied already; true if <paramref name="state"/> changed.</summary>
    public static bool Apply(PlayerState state, string gameId, RatingStep? step)
    {
        if (step is null || state.AppliedRatedGames.Contains(gameId))
        {
            return false;
        }

        state.Rating = step.After;
        state.RatedGames++;
        RecentGames.Remember(state.AppliedRatedGames, gameId, AppliedKept);

        return true;
    }
}
