using Connect4.GrainInterfaces;

namespace Connect4.Grains.Ratings;

/// <summary>A player's rating before and after one rated game, as the <c>over</c> event reports it (PROTOCOL.md section 13).</summary>
public sealed record RatingChange(Rating Before, Rating After);

/// <summary>
/// Both players' ratings after one rated game. The contract makes each rated game one rating period for both players:
/// each is updated with <see cref="Glicko2.AfterGame"/> against the other's rating before the game, so the two updates
/// are independent of each other and of their order.
/// </summary>
/// <remarks>
/// What one-game periods mean: the paper's system works best with 10 to 15 games a period; with one, each game moves the
/// volatility very little (tau 0.5 keeps it near 0.06), and a deviation grows only through step 6 of each game, never
/// with idle time: a player away for a year returns with the deviation it left with.
/// </remarks>
public sealed record RatedGame(RatingChange Red, RatingChange Yellow)
{
    /// <summary>The ratings after a game between <paramref name="red"/> and <paramref name="yellow"/> that ended in <paramref name="result"/>.</summary>
    public static RatedGame Rate(Rating red, Rating yellow, GameResult result)
    {
        var redScore = result switch
        {
            GameResult.RedWins => 1.0,
            GameResult.YellowWins => 0.0,
            GameResult.Draw => 0.5,
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Not a result of a finished game."),
        };

        return new RatedGame(
            new RatingChange(red, Glicko2.AfterGame(red, yellow, redScore)),
            new RatingChange(yellow, Glicko2.AfterGame(yellow, red, 1 - redScore)));
    }
}
