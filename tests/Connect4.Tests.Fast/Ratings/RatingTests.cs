using Connect4.Grains.Ratings;

namespace Connect4.Tests.Ratings;

/// <summary>A new player's rating, what players see of one, and when it is provisional (PROTOCOL.md section 13).</summary>
public sealed class RatingTests
{
    [Fact]
    public void A_new_player_starts_at_1500_with_deviation_350_and_volatility_0_06_provisional()
    {
        Assert.Equal(new Rating(1500, 350, 0.06), Rating.New);
        Assert.True(Rating.New.Provisional);
    }

    [Theory]
    [InlineData(350, true)]
    [InlineData(110.0001, true)]
    [InlineData(110, false)]
    [InlineData(45, false)]
    public void A_rating_is_provisional_while_its_deviation_is_above_110(double deviation, bool provisional) =>
        Assert.Equal(provisional, new Rating(1500, deviation, 0.06).Provisional);

    [Theory]
    [InlineData(1511.5, 1512)]
    [InlineData(1511.49, 1511)]
    [InlineData(1464.0507, 1464)]
    [InlineData(-0.5, -1)]
    public void Players_see_the_rating_rounded_halves_away_from_zero(double value, int shown) =>
        Assert.Equal(shown, new Rating(value, 100, 0.06).Rounded);

    [Fact]
    public void A_new_player_drawing_with_established_1500_players_stops_being_provisional_at_its_10th_game()
    {
        var established = new Rating(1500, 60, 0.06);
        var rating = Rating.New;
        for (var game = 1; game <= 9; game++)
        {
            rating = Glicko2.AfterGame(rating, established, 0.5);
        }

        Assert.True(rating.Provisional, $"after 9 games the deviation is {rating.Deviation}");
        Assert.False(Glicko2.AfterGame(rating, established, 0.5).Provisional);
    }
}
