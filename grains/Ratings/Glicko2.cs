namespace Connect4.Grains.Ratings;

/// <summary>One game of a rating period, seen from the rated player: the opponent's rating before it, and the score (1 win, 0.5 draw, 0 loss).</summary>
public readonly record struct Outcome(Rating Opponent, double Score);

/// <summary>
/// Glicko-2, as in Glickman's "Example of the Glicko-2 system": the step numbers in the comments are the paper's.
/// Pure arithmetic: no time, no state. A rating period's games are taken as played at once, each against the
/// opponent's rating at the start of the period.
/// </summary>
public static partial class Glicko2
{
    /// <summary>
    /// The system constant tau, which bounds how fast the volatility may change: the contract's 0.5, inside the paper's
    /// advice of 0.3 to 1.2. Here a rating period is one game, so a larger tau would let a single upset swing the
    /// volatility (and then every later rating change); a smaller one (the paper's 0.2 for very improbable results)
    /// would make a player who really improves slow to climb.
    /// </summary>
    public const double Tau = 0.5;

    /// <summary>The convergence tolerance of step 5's iteration, the paper's 0.000001.</summary>
    public const double Tolerance = 0.000001;

    /// <summary>Rating points per unit of Glicko-2's internal scale (step 2): 400 / ln 10.</summary>
    internal const double Scale = 173.7178;

    /// <summary>
    /// <paramref name="player"/>'s rating at the end of a rating period in which it played <paramref name="games"/>;
    /// with none, only its deviation grows (<see cref="Idle"/>).
    /// </summary>
    public static Rating Update(Rating player, IReadOnlyList<Outcome> games)
    {
        ArgumentNullException.ThrowIfNull(games);
        Check(player);
        if (games.Count == 0)
        {
            return Idle(player);
        }

        var (mu, phi) = ToGlicko2Scale(player);
        var period = Estimate(mu, games);
        var sigma = NewVolatility(phi, player.Volatility, period.Variance, period.Improvement, Tau);
        var phiStar = Math.Sqrt(phi * phi + sigma * sigma); // step 6: the deviation grown by the new volatility
        var newPhi = 1 / Math.Sqrt(1 / (phiStar * phiStar) + 1 / period.Variance); // step 7
        var newMu = mu + newPhi * newPhi * period.ScoreSurplus;
        return new Rating(Scale * newMu + 1500, Scale * newPhi, sigma); // step 8
    }

    /// <summary>
    /// A rating period with no games (the paper's last paragraph): rating and volatility stay, the deviation grows by
    /// step 6 alone, φ' = √(φ² + σ²). No ceiling is applied: the paper sets none.
    /// </summary>
    public static Rating Idle(Rating player)
    {
        Check(player);
        var (_, phi) = ToGlicko2Scale(player);
        return player with { Deviation = Scale * Math.Sqrt(phi * phi + player.Volatility * player.Volatility) };
    }

    /// <summary>
    /// The update the server makes after each rated game: the contract makes each rated game one rating period for both
    /// players, so this is <see cref="Update"/> with that one game. Both players of a game are updated from the other's
    /// rating before the game (<see cref="RatedGame.Rate"/>), so neither update depends on which is made first.
    /// </summary>
    public static Rating AfterGame(Rating player, Rating opponent, double score) => Update(player, [new Outcome(opponent, score)]);

    /// <summary>Steps 3 and 4 for a period's games, and the sum that step 7 reuses.</summary>
    /// <param name="Variance">v: the estimated variance of the rating from the games' results alone.</param>
    /// <param name="Improvement">Δ: the estimated improvement, v · Σ g(φⱼ)(sⱼ − E).</param>
    /// <param name="ScoreSurplus">Σ g(φⱼ)(sⱼ − E): the scores above what the ratings expected, weighted.</param>
    internal readonly record struct PeriodEstimate(double Variance, double Improvement, double ScoreSurplus);

    internal static PeriodEstimate Estimate(double mu, IReadOnlyList<Outcome> games)
    {
        double information = 0, surplus = 0;
        foreach (var game in games)
        {
            Check(game.Opponent);
            if (!(game.Score is >= 0 and <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(games), game.Score, "A score is 1 (win), 0.5 (draw) or 0 (loss).");
            }

            var (muJ, phiJ) = ToGlicko2Scale(game.Opponent);
            var g = G(phiJ);
            var expected = 1 / (1 + Math.Exp(-g * (mu - muJ)));
            information += g * g * expected * (1 - expected);
            surplus += g * (game.Score - expected);
        }

        var variance = 1 / information;
        return new PeriodEstimate(variance, variance * surplus, surplus);
    }

    /// <summary>g(φ): how much an opponent's uncertain rating discounts what a game against it says.</summary>
    private static double G(double phi) => 1 / Math.Sqrt(1 + 3 * phi * phi / (Math.PI * Math.PI));

    /// <summary>Step 2: μ and φ on Glicko-2's internal scale.</summary>
    private static (double Mu, double Phi) ToGlicko2Scale(Rating rating) => ((rating.Value - 1500) / Scale, rating.Deviation / Scale);

    private static void Check(Rating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        if (!double.IsFinite(rating.Value) || !(rating.Deviation > 0 && double.IsFinite(rating.Deviation))
            || !(rating.Volatility > 0 && double.IsFinite(rating.Volatility)))
        {
            throw new ArgumentOutOfRangeException(nameof(rating), rating, "A rating needs a finite value and a finite, positive deviation and volatility.");
        }
    }
}
