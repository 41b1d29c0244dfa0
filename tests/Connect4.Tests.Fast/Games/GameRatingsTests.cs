using Connect4.GrainInterfaces;
using Connect4.Grains.Games;

namespace Connect4.Tests.Games;

/// <summary>A rated game's end, without its grain: refused with the bot, computed once, stored and told together.</summary>
public sealed class GameRatingsTests
{
    private const string GameId = "game00000001";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);

    private static Game RatedStarted()
    {
        var game = GameTests.Accepted(GameTests.New().Create(Alice, new CreateGameOptions(Rated: true), Random, Now));
        return GameTests.Accepted(game.Join(Random.JoinKey, Bob, Now));
    }

    [Fact]
    public void A_game_against_the_bot_cannot_be_rated()
    {
        var decision = GameTests.New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, Level: 3, Rated: true), Random, Now);

        Assert.Equal(RuleCodes.BadRequest, decision.Refusal?.Code);
        Assert.False(decision.Changed);
    }

    [Fact]
    public void Only_the_move_that_ends_a_rated_game_needs_ratings()
    {
        var game = GameTests.PlayAll(RatedStarted(), [0, 1, 0, 1, 0, 1]);

        Assert.False(Game.NeedsRatings(game.Play("p-bob", 2, null, Now)));
        Assert.False(Game.NeedsRatings(GameTests.Started(0, 1, 0, 1, 0, 1).Play("p-alice", 0, null, Now)));
        Assert.True(Game.NeedsRatings(game.Play("p-alice", 0, null, Now)));
    }

    [Fact]
    public void The_end_of_a_rated_game_stores_and_tells_both_players_ratings()
    {
        var ending = GameTests.PlayAll(RatedStarted(), [0, 1, 0, 1, 0, 1]).Play("p-alice", 0, null, Now);

        var rated = Game.WithRatings(ending, RatingValue.New, RatingValue.New);

        var ratings = rated.Game.State.Ratings!;
        Assert.Equal(ratings, rated.Ended!.Ratings);
        Assert.Equal((1500, 1662, 1500, 1338), (ratings.Red.Before.Rounded, ratings.Red.After.Rounded, ratings.Yellow.Before.Rounded, ratings.Yellow.After.Rounded));
        Assert.True(rated.Game.PlayersToTell);
        Assert.False(Game.NeedsRatings(rated));
        Assert.False(rated.Game.WithPlayersTold().PlayersToTell);
        Assert.Equal(ratings.Red.After, rated.Game.View("p-bob", new Presence(true, true, 0), Now).Red!.Rating);
    }

    [Fact]
    public void A_rematch_of_a_rated_game_is_rated_and_seats_the_players_with_their_ratings_after_it()
    {
        var ending = GameTests.PlayAll(RatedStarted(), [0, 1, 0, 1, 0, 1]).Play("p-alice", 0, null, Now);
        var over = Game.WithRatings(ending, RatingValue.New, RatingValue.New).Game;
        var offered = GameTests.Accepted(over.Rematch("p-alice", "game00000002", TimeSpan.FromMinutes(1), Now));
        var decided = GameTests.Accepted(offered.Rematch("p-bob", "game00000002", TimeSpan.FromMinutes(1), Now));

        var seed = decided.RematchSeed()!;
        Assert.True(seed.Options.Rated);
        Assert.Equal((1338, 1662), (seed.Red.Rating!.Rounded, seed.Yellow.Rating!.Rounded));
    }
}
