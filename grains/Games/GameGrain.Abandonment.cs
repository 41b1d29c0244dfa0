using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>Claims of abandonment: the rules are <see cref="Game.Claim"/>'s; since when a player has been away is the grain's to know.</summary>
public sealed partial class GameGrain
{
    /// <summary>Since when each player has had no connection following the game, as this activation has seen it.</summary>
    private Absence _absence = new(DateTimeOffset.MinValue);

    public Task Claim(string playerId)
    {
        var now = _time.GetUtcNow();
        var opponent = _game.State.SeatOf(playerId) == Color.Red ? Color.Yellow : Color.Red;
        return Apply(_game.Claim(playerId, _absence.AwaySince(opponent), _settings.AbandonAfter, now));
    }

    /// <summary>
    /// A presence event for <paramref name="color"/> at <paramref name="now"/>: when it goes offline in a game where
    /// abandonment applies, with the wait before the other may claim the game.
    /// </summary>
    private PresenceChanged PresenceEvent(Color color, bool online, DateTimeOffset now)
    {
        var wait = online ? null : _game.ClaimableIn(_absence.AwaySince(color) ?? now, _settings.AbandonAfter, now);
        return new PresenceChanged(GameId, color, online, wait is { } w ? (long)Math.Ceiling(w.TotalMilliseconds) : null);
    }
}
