using Connect4.GrainInterfaces;
using Connect4.Grains.Ratings;

namespace Connect4.Grains.Games;

/// <summary>
/// A rated game's ratings (PROTOCOL.md section 13). The rules cannot read the players' ratings, so the grain reads
/// them when a decision ends a rated game and hands them here before storing it: the end, its ratings and the
/// <c>over</c> event that tells them are stored and told together.
/// </summary>
public sealed partial class Game
{
    /// <summary>Whether <paramref name="decision"/> ends a rated game whose ratings are still to be computed.</summary>
    public static bool NeedsRatings(Decision decision) =>
        decision.Changed && decision.Ended is not null && decision.Game.State.Rated && decision.Game.State.Ratings is null;

    /// <summary>
    /// <paramref name="decision"/> (which ends a rated game) with both players' ratings after it, from their ratings
    /// <paramref name="red"/> and <paramref name="yellow"/> read as it ended: in the stored state and in its <c>over</c> event.
    /// </summary>
    public static Decision WithRatings(Decision decision, RatingValue red, RatingValue yellow)
    {
        var ended = decision.Ended ?? throw new ArgumentException("The decision does not end the game.", nameof(decision));
        var rated = RatedGame.Rate(ToRating(red), ToRating(yellow), ended.Result);
        var ratings = new GameRatings(Step(rated.Red), Step(rated.Yellow));
        var game = decision.Game;
        var events = decision.Events.Select(e => e is GameEnded over ? over with { Ratings = ratings } : e).ToList();
        return decision with { Game = new Game(game.Id, game.State with { Ratings = ratings }, game.Board), Events = events };
    }

    /// <summary>The game after both players acknowledged its ratings.</summary>
    public Game WithPlayersTold() => new(Id, State with { PlayersTold = true }, Board);

    /// <summary>Whether the game ended rated and its players have not both acknowledged it: the grain tells them again.</summary>
    public bool PlayersToTell => State.Ratings is not null && !State.PlayersTold;

    /// <summary>The player of <paramref name="color"/> with its rating after this game when it ended rated (the seat a rematch gives it).</summary>
    private PlayerInfo RatedAfter(Color color, PlayerInfo player) =>
        State.Ratings is { } ratings ? player with { Rating = ratings.Of(color).After } : player;

    private static Rating ToRating(RatingValue value) => new(value.Value, value.Deviation, value.Volatility);

    private static RatingValue ToValue(Rating rating) => new(rating.Value, rating.Deviation, rating.Volatility);

    private static RatingStep Step(RatingChange change) => new(ToValue(change.Before), ToValue(change.After));
}
