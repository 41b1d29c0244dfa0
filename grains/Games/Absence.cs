using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// Since when each seat's player has had no connection following the game, as this activation has seen it: what a
/// claim of abandonment is measured against. Kept in memory, like presence: a new activation (after a silo's death, or
/// after the game was collected) knows nobody's past, so it counts the absent from its own start, which can only make
/// the wait longer, never let a claim in early.
/// </summary>
internal sealed class Absence(DateTimeOffset activated)
{
    private DateTimeOffset? _red = activated;
    private DateTimeOffset? _yellow = activated;

    /// <summary>Since when <paramref name="color"/>'s player has been away; null while it is connected.</summary>
    public DateTimeOffset? AwaySince(Color color) => color == Color.Red ? _red : _yellow;

    /// <summary>Takes in who is online at <paramref name="now"/>: a player who just left is away from now on; one who came back is not.</summary>
    public void Update(Presence presence, DateTimeOffset now)
    {
        _red = presence.Red ? null : _red ?? now;
        _yellow = presence.Yellow ? null : _yellow ?? now;
    }

    /// <summary>
    /// The game started at <paramref name="now"/>: a player already away counts as away from now, since nobody
    /// abandons a game before it starts.
    /// </summary>
    public void Restart(DateTimeOffset now)
    {
        _red = _red is null ? null : now;
        _yellow = _yellow is null ? null : now;
    }
}
