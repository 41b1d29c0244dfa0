using System.Globalization;
using Connect4.Grains.Ratings;
using Xunit.Abstractions;

namespace Connect4.Tests.Ratings;

/// <summary>
/// Glicko-2 against Glickman's "Example of the Glicko-2 system": a 1500/200 player (volatility 0.06) beats a 1400/30
/// player and loses to 1550/100 and 1700/300 in one rating period. The paper rounds its intermediate figures (g and E to
/// 4 and 3 decimals, then μ' and φ' to 4), so each figure is asserted to the precision the paper carries it to.
/// </summary>
public sealed class Glicko2Tests(ITestOutputHelper output)
{
    private const double Scale = 173.7178;
    private static readonly Rating Player = new(1500, 200, 0.06);

    // The paper gives no volatility for the opponents: it does not enter a player's update.
    private static readonly Outcome[] PapersGames =
    [
        new(new Rating(1400, 30, 0.06), 1),
        new(new Rating(1550, 100, 0.06), 0),
        new(new Rating(1700, 300, 0.06), 0),
    ];

    [Fact]
    public void The_papers_example_ends_at_1464_06_with_deviation_151_52_and_volatility_0_05999()
    {
        var after = Glicko2.Update(Player, PapersGames);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"r' {after.Value:F4}, RD' {after.Deviation:F4}, σ' {after.Volatility:F6}"));

        Assert.Equal(-0.2069, (after.Value - 1500) / Scale, 4); // μ'
        Assert.Equal(0.8722, after.Deviation / Scale, 4); // φ'
        // r' and RD' are the paper's 4-decimal μ' and φ' scaled: within a hundredth of ours (1464.0507, 151.5165).
        Assert.Equal(1464.06, after.Value, 0.01);
        Assert.Equal(151.52, after.Deviation, 0.01);
        // The paper prints 0.05999, cut rather than rounded: the value is 0.059996, with its own inputs too (below).
        Assert.Equal(0.05999, after.Volatility, 0.00001);
    }

    [Fact]
    public void Steps_3_and_4_give_the_papers_variance_and_improvement()
    {
        var period = Glicko2.Estimate(0, PapersGames);

        // The paper's 1.7785 and −0.4834 come from E rounded to 3 decimals; exact arithmetic gives 1.7790 and −0.4839.
        Assert.Equal(1.7785, period.Variance, 0.001);
        Assert.Equal(-0.4834, period.Improvement, 0.001);
    }

    [Fact]
    public void Step_5_from_the_papers_own_inputs_gives_its_volatility() =>
        Assert.Equal(0.05999, Glicko2.NewVolatility(200 / Scale, 0.06, 1.7785, -0.4834, Glicko2.Tau), 0.00001);

    [Fact]
    public void Step_5_finds_the_root_of_the_papers_f_to_the_tolerance()
    {
        // Δ² above φ² + v takes step 5.2's other branch: a result far beyond what the ratings expected.
        const double phi = 0.5, sigma = 0.06, v = 0.2, delta = 2.0;
        var newSigma = Glicko2.NewVolatility(phi, sigma, v, delta, Glicko2.Tau);

        var a = Math.Log(sigma * sigma);
        double F(double x) => Math.Exp(x) * (delta * delta - phi * phi - v - Math.Exp(x)) / (2 * Math.Pow(phi * phi + v + Math.Exp(x), 2))
            - (x - a) / (Glicko2.Tau * Glicko2.Tau);
        var root = 2 * Math.Log(newSigma);
        Assert.True(F(root - Glicko2.Tolerance) * F(root + Glicko2.Tolerance) <= 0, $"σ' {newSigma} is not within the tolerance of f's root");
        Assert.True(newSigma > sigma, "an improbable result raises the volatility");
    }

    [Fact]
    public void A_period_with_no_games_grows_only_the_deviation_by_step_6()
    {
        var idle = Glicko2.Update(Player, []);

        Assert.Equal(Glicko2.Idle(Player), idle);
        Assert.Equal(1500, idle.Value);
        Assert.Equal(0.06, idle.Volatility);
        Assert.Equal(Scale * Math.Sqrt(Math.Pow(200 / Scale, 2) + 0.06 * 0.06), idle.Deviation, 1e-9);
        Assert.Equal(200.2714, idle.Deviation, 4);
    }

    [Fact]
    public void An_idle_new_player_goes_above_350_as_the_paper_sets_no_ceiling() =>
        Assert.Equal(350.155, Glicko2.Idle(Rating.New).Deviation, 3);

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_score_outside_0_to_1_is_refused(double score) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Glicko2.AfterGame(Player, Rating.New, score));

    [Theory]
    [InlineData(1500, 0, 0.06)]
    [InlineData(1500, 200, 0)]
    [InlineData(double.NaN, 200, 0.06)]
    [InlineData(1500, double.PositiveInfinity, 0.06)]
    public void A_rating_that_is_not_finite_and_positive_is_refused(double value, double deviation, double volatility)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Glicko2.AfterGame(new Rating(value, deviation, volatility), Player, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Glicko2.AfterGame(Player, new Rating(value, deviation, volatility), 1));
    }
}
