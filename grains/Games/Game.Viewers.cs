using Connect4.Engine.Rules;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>Who may follow, see and analyse the game, and what they see.</summary>
public sealed partial class Game
{
    /// <summary>
    /// Who <paramref name="viewerId"/> is as a follower of the game: a player in its seat's role, anyone else a
    /// spectator with the game's watch key, or by its id alone when the game is open to all
    /// (<see cref="WatchableById"/>); null when it may not follow (its caller answers not-found).
    /// </summary>
    public ViewerRole? RoleOf(string viewerId, string? watchKey)
    {
        if (!Exists)
        {
            return null;
        }

        var seat = State.SeatOf(viewerId);
        return seat is null && !WatchableById && (watchKey is null || !SameKey(watchKey, State.WatchKey)) ? null : Role(seat);
    }

    /// <summary>A public game (quick play's, or created with <c>public</c>) may be watched by anyone by its id, without a key.</summary>
    public bool IsPublic => State.Options?.Public == true;

    /// <summary>
    /// Whether anyone may follow the game by its id alone: a public game always, and any finished game, since its players'
    /// histories (which anyone may read) list it, and PROTOCOL.md section 13 lets whoever sees a history entry watch it.
    /// </summary>
    public bool WatchableById => IsPublic || Status == GameStatus.Over;

    /// <summary>Why <paramref name="viewerId"/> may not have a snapshot (not-found): only players and followers may.</summary>
    public GameRuleException? ViewRefusal(string viewerId, bool following) =>
        !Exists || (State.SeatOf(viewerId) is null && !following) ? NotFound(viewerId) : null;

    /// <summary>A full snapshot as <paramref name="viewerId"/> sees it at <paramref name="now"/>, with who is online now.</summary>
    public GameView View(string viewerId, Presence presence, DateTimeOffset now)
    {
        var seat = State.SeatOf(viewerId);
        return new GameView(
            Id,
            Role(seat),
            SeatView(Color.Red, presence.Red),
            SeatView(Color.Yellow, presence.Yellow),
            State.Moves.ToList(),
            Turn,
            Status,
            State.Result,
            State.Reason,
            State.Line?.ToList(),
            presence.Spectators,
            seat is not null && Status == GameStatus.Waiting ? State.JoinKey : null,
            State.WatchKey,
            ClockAt(now));
    }

    /// <summary>
    /// Why <paramref name="playerId"/> may not analyse the position after <paramref name="ply"/> moves (the current one
    /// when null). Not-found for anyone but the players and followers; not-allowed before the end of the game, except
    /// for the human against the bot; bad-request for a ply outside 0 to the number played.
    /// </summary>
    public GameRuleException? AnalysisRefusal(string playerId, bool following, int? ply)
    {
        var isPlayer = Exists && State.SeatOf(playerId) is not null;
        if (!Exists || (!isPlayer && !following))
        {
            return NotFound(playerId);
        }

        if (Status != GameStatus.Over && !(State.BotLevel is not null && isPlayer))
        {
            return new GameRuleException(
                RuleCodes.NotAllowed, "Analysis is only for finished games, and for the human in a game against the computer.", Id, playerId, Ply);
        }

        return ply is < 0 || ply > Ply
            ? new GameRuleException(RuleCodes.BadRequest, $"ply must be 0 to {Ply}, the number of moves played.", Id, playerId, Ply)
            : null;
    }

    /// <summary>The position after the first <paramref name="ply"/> moves (0 to <see cref="Ply"/>), or the current one when null.</summary>
    public Board Position(int? ply) => ply is { } p && p != Ply ? Board.FromMoves(State.Moves.Take(p)) : Board;

    /// <summary>A seat as viewers see it; a human's rating is the one after the game once it ended rated, else the one it was seated with.</summary>
    private Seat? SeatView(Color color, bool online) =>
        State.Player(color) is { } p
            ? GameState.IsBot(p) ? new Seat(p.PlayerId, p.Name, true)
            : new Seat(p.PlayerId, p.Name, online, State.Ratings?.Of(color).After ?? p.Rating ?? RatingValue.New)
            : null;

    private static ViewerRole Role(Color? seat) => seat switch
    {
        Color.Red => ViewerRole.Red,
        Color.Yellow => ViewerRole.Yellow,
        _ => ViewerRole.Spectator,
    };
}
