using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A finished game's rematch (PROTOCOL.md section 10): offers, their acceptance or decline, and the new game it starts.
/// Accepting decides the new game's id and stores it here first; the grain then makes that game
/// (<see cref="StartAsRematch"/>, which does nothing when the game is made already) and marks the rematch ready.
/// </summary>
public sealed partial class Game
{
    /// <summary>
    /// <paramref name="playerId"/>'s rematch: an offer that lapses after <paramref name="offerLapse"/>, or, when the
    /// opponent's offer is live or the opponent is the bot, the rematch decided as <paramref name="newGameId"/> (no event:
    /// the players hear of it when the new game is listed with them). A player's second offer renews it. Refused with
    /// not-found, not-a-player, and not-allowed when the game is not over, had no opponent, or its rematch started.
    /// </summary>
    public Decision Rematch(string playerId, string newGameId, TimeSpan offerLapse, DateTimeOffset now)
    {
        if (RematchRefusal(playerId, out var color) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (State.BotLevel is not null || (LiveOffer(now) is { } offerer && offerer != color))
        {
            return Accept(State with { Rematch = new RematchState { NewGameId = newGameId } }, Board, now);
        }

        var offer = new RematchState { OfferedBy = color, OfferExpires = now + offerLapse };
        return Accept(State with { Rematch = offer }, Board, now, new RematchOffered(Id, color));
    }

    /// <summary>Declines the opponent's live offer, which the offerer is told. Refused as <see cref="Rematch"/> is, and with not-allowed when there is no such offer.</summary>
    public Decision DeclineRematch(string playerId, DateTimeOffset now)
    {
        if (RematchRefusal(playerId, out var color) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (LiveOffer(now) is not { } offerer || offerer == color)
        {
            return Refuse(Refusal(RuleCodes.NotAllowed, "There is no rematch offer from your opponent to decline.", playerId));
        }

        return Accept(State with { Rematch = null }, Board, now, new RematchDeclined(Id, offerer));
    }

    /// <summary>The new game decided but not yet made and listed with its players; null otherwise.</summary>
    public string? PendingRematch => State.Rematch is { NewGameId: { } id, NewGameReady: false } ? id : null;

    /// <summary>Records that the pending rematch's game was made and listed with its players.</summary>
    public Decision RematchReady(DateTimeOffset now) => State.Rematch is { NewGameId: not null, NewGameReady: false } rematch
        ? Accept(State with { Rematch = rematch with { NewGameReady = true } }, Board, now)
        : Decision.Ignored(this);

    /// <summary>What the decided rematch's game starts from: the seats swapped, the same options. Null before one is decided.</summary>
    public RematchSeed? RematchSeed() => State is { Rematch.NewGameId: not null, Red: { } red, Yellow: { } yellow }
        ? new RematchSeed(Id, RatedAfter(Color.Yellow, yellow), RatedAfter(Color.Red, red), (State.Options ?? new CreateGameOptions(State.Opponent)) with { Level = State.BotLevel })
        : null;

    /// <summary>The rematch as a snapshot at <paramref name="now"/> shows it: the new game, a live offer, or null.</summary>
    public RematchView? RematchAt(DateTimeOffset now) =>
        State.Rematch?.NewGameId is { } id ? new RematchView(null, id) : LiveOffer(now) is { } by ? new RematchView(by, null) : null;

    /// <summary>
    /// Makes this game the rematch <paramref name="seed"/> describes: both seats taken (or the human's and the bot's) and
    /// started at once, through the same create and join as any game. Ignored when it is that rematch already (a retry);
    /// refused with not-found when the id holds another game.
    /// </summary>
    public Decision StartAsRematch(RematchSeed seed, NewGameRandom random, DateTimeOffset now)
    {
        if (Exists)
        {
            return State.RematchOf == seed.FromGameId ? Decision.Ignored(this)
                : Refuse(new GameRuleException(RuleCodes.NotFound, $"Game {Id} exists already; the rematch of {seed.FromGameId} was not made.", Id));
        }

        var creatorIsRed = !GameState.IsBot(seed.Red);
        var options = seed.Options with { Color = creatorIsRed ? ColorChoice.Red : ColorChoice.Yellow };
        var created = Create(creatorIsRed ? seed.Red : seed.Yellow, options, random, now);
        if (created.Refusal is { } refused)
        {
            return Refuse(refused);
        }

        var game = created.Game;
        if (options.Opponent == OpponentKind.Human)
        {
            var joined = game.Join(game.State.JoinKey, seed.Yellow, now);
            if (joined.Refusal is { } refusedJoin)
            {
                return Refuse(refusedJoin);
            }

            game = joined.Game;
        }

        // Nobody follows a game before it exists: the seats' events go to no one.
        return Accept(game.State with { RematchOf = seed.FromGameId }, game.Board, now);
    }

    /// <summary>The colour of an offer that has not lapsed, while no rematch has started.</summary>
    private Color? LiveOffer(DateTimeOffset now) =>
        State.Rematch is { NewGameId: null, OfferedBy: { } by, OfferExpires: { } until } && now < until ? by : null;

    private GameRuleException? RematchRefusal(string playerId, out Color color) =>
        CheckSeat(playerId, out color)
        ?? (Status != GameStatus.Over ? Refusal(RuleCodes.NotAllowed, "The game is not over: a rematch follows a finished game.", playerId)
            : State.Red is null || State.Yellow is null ? Refusal(RuleCodes.NotAllowed, "This game ended before it had an opponent.", playerId)
            : State.Rematch?.NewGameId is not null ? Refusal(RuleCodes.NotAllowed, "A rematch of this game already started.", playerId)
            : null);
}
