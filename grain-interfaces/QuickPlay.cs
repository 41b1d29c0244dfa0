namespace Connect4.GrainInterfaces;

/// <summary>
/// Quick play (PROTOCOL.md section 12) on the player's grain, keyed by player id: the gateway's <c>seek</c> and
/// <c>unseek</c>. The player grain reads its rating and hands the seek to its pool's grain.
/// </summary>
public interface IPlayerSeeks : IGrainWithStringKey
{
    /// <summary>
    /// Seeks a game in the pool of <paramref name="clock"/> (null: untimed) and <paramref name="rated"/>; returns the seek
    /// id, the same one while the player already seeks in that pool.
    /// </summary>
    Task<string> Seek(ClockSettings? clock, bool rated);

    /// <summary>Withdraws the seek; not-found when it was already paired, has lapsed, or is not this player's.</summary>
    Task Unseek(string seekId);
}

/// <summary>
/// Sent by a player grain to its player's gateways: seek <see cref="SeekId"/> was paired into game
/// <see cref="GameEvent.GameId"/>, where the player plays <see cref="Color"/>. Every connection of the player follows it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.SeekPaired")]
public sealed record SeekPaired(string GameId, [property: Id(0)] string SeekId, [property: Id(1)] Color Color) : GameEvent(GameId);
