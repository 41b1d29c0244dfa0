using Connect4.GrainInterfaces;
using Connect4.Grains.Ratings;

namespace Connect4.Tests.Ratings;

/// <summary>The update after each rated game: the game is one rating period for each of its two players.</summary>
public sealed class RatedGameTests
{
    private static readonly Rating Strong = new(1700, 80, 0.06);
    private static readonly Rating Weak = new(1450, 120, 0.058);

    [Fact]
    public void Between_two_new_players_the_winner_goes_to_1662_and_the_loser_to_1338_both_at_deviation_290()
    {
        var game = RatedGame.Rate(Rating.New, Rating.New, GameResult.RedWins);

        Assert.Equal((Rating.New, Rating.New), (game.Red.Before, game.Yellow.Before));
        Assert.Equal(1662.31, game.Red.After.Value, 0.01);
        Assert.Equal(1337.69, game.Yellow.After.Value, 0.01);
        Assert.Equal(290.32, game.Red.After.Deviation, 0.01);
        Assert.Equal(game.Red.After.Deviation, game.Yellow.After.Deviation);
    }

    [Fact]
    public void A_draw_between_equal_players_keeps_both_ratings_and_narrows_both_deviations_alike()
    {
        var game = RatedGame.Rate(Strong, Strong, GameResult.Draw);

        Assert.Equal(game.Red.After, game.Yellow.After);
        Assert.Equal(Strong.Value, game.Red.After.Value, 1e-9);
        Assert.True(game.Red.After.Deviation < Strong.Deviation);
        // The volatility does not rise: a result exactly as expected is a sign of steadiness (it falls very slightly).
        Assert.InRange(game.Red.After.Volatility, Strong.Volatility - 0.0001, Strong.Volatility);
    }

    [Theory]
    [InlineData(GameResult.RedWins)]
    [InlineData(GameResult.YellowWins)]
    [InlineData(GameResult.Draw)]
    public void Swapping_the_colours_swaps_the_updates(GameResult result)
    {
        var swapped = result switch
        {
            GameResult.RedWins => GameResult.YellowWins,
            GameResult.YellowWins => GameResult.RedWins,
            _ => GameResult.Draw,
        };

        var game = RatedGame.Rate(Strong, Weak, result);
        var mirror = RatedGame.Rate(Weak, Strong, swapped);

        Assert.Equal(game.Red, mirror.Yellow);
        Assert.Equal(game.Yellow, mirror.Red);
    }

    [Fact]
    public void Each_player_is_updated_from_the_others_rating_before_the_game()
    {
        var game = RatedGame.Rate(Strong, Weak, GameResult.YellowWins);

        Assert.Equal(Glicko2.AfterGame(Strong, Weak, 0), game.Red.After);
        Assert.Equal(Glicko2.AfterGame(Weak, Strong, 1), game.Yellow.After);
    }

    [Fact]
    public void A_win_raises_the_winner_and_lowers_the_loser_and_an_upset_moves_both_further()
    {
        var expected = RatedGame.Rate(Strong, Weak, GameResult.RedWins);
        var upset = RatedGame.Rate(Strong, Weak, GameResult.YellowWins);

        Assert.True(expected.Red.After.Value > Strong.Value && expected.Yellow.After.Value < Weak.Value);
        Assert.True(upset.Yellow.After.Value > Weak.Value && upset.Red.After.Value < Strong.Value);
        Assert.True(upset.Yellow.After.Value - Weak.Value > expected.Red.After.Value - Strong.Value, "the upset's winner gains more");
        Assert.True(Strong.Value - upset.Red.After.Value > Weak.Value - expected.Yellow.After.Value, "the upset's loser loses more");
    }

    [Fact]
    public void A_game_narrows_both_deviations_and_the_less_certain_rating_moves_more()
    {
        var game = RatedGame.Rate(Strong, Weak, GameResult.Draw);

        Assert.True(game.Red.After.Deviation < Strong.Deviation && game.Yellow.After.Deviation < Weak.Deviation);
        // A draw against a stronger player gains the weaker (deviation 120) more than the stronger (80) loses.
        Assert.True(game.Yellow.After.Value - Weak.Value > Strong.Value - game.Red.After.Value);
    }

    [Fact]
    public void A_result_that_is_not_an_end_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RatedGame.Rate(Strong, Weak, (GameResult)7));
}
