using Connect4.GrainInterfaces;
using Connect4.Grains.Players;

namespace Connect4.Tests.Ratings;

/// <summary>A player's rating changes: each rated game's applied once by its id, however often its game tells it.</summary>
public sealed class RatingLedgerTests
{
    private static readonly RatingStep Win = new(RatingValue.New, new RatingValue(1662, 290, 0.06));
    private static readonly RatingStep Next = new(Win.After, new RatingValue(1700, 250, 0.06));

    [Fact]
    public void A_new_player_has_the_starting_rating()
    {
        Assert.Equal(new PlayerRating(RatingValue.New, 0), RatingLedger.Current(new PlayerState()));
    }

    [Fact]
    public void A_rated_game_is_applied_once_by_its_id()
    {
        var state = new PlayerState();

        Assert.True(RatingLedger.Apply(state, "g1", Win));
        Assert.False(RatingLedger.Apply(state, "g1", Win));
        Assert.False(RatingLedger.Apply(state, "g1", Next));

        Assert.Equal(new PlayerRating(Win.After, 1), RatingLedger.Current(state));
        Assert.True(RatingLedger.Apply(state, "g2", Next));
        Assert.Equal(new PlayerRating(Next.After, 2), RatingLedger.Current(state));
    }

    [Fact]
    public void An_unrated_game_changes_nothing()
    {
        var state = new PlayerState();

        Assert.False(RatingLedger.Apply(state, "g1", null));
        Assert.Empty(state.AppliedRatedGames);
    }

    [Fact]
    public void Only_the_last_applied_ids_are_kept()
    {
        var state = new PlayerState();
        for (var i = 0; i <= RatingLedger.AppliedKept; i++)
        {
            RatingLedger.Apply(state, $"g{i}", Win);
        }

        Assert.Equal(RatingLedger.AppliedKept, state.AppliedRatedGames.Count);
        Assert.Equal("g1", state.AppliedRatedGames[0]);
        Assert.Equal(RatingLedger.AppliedKept + 1, state.RatedGames);
    }
}
