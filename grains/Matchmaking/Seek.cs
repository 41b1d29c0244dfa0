using Connect4.GrainInterfaces;

namespace Connect4.Grains.Matchmaking;

/// <summary>
/// A quick-play pool (PROTOCOL.md section 12): seeks pair only with seeks of the same clock (null: untimed) and the same
/// <c>rated</c> value. A record, so two keys with equal settings are the same pool.
/// </summary>
public sealed record PoolKey(ClockSettings? Clock, bool Rated);

/// <summary>
/// A player waiting in a pool since <paramref name="Since"/>. <paramref name="Rating"/> is the rating the player is
/// shown (rounded), so "100 points apart" means what the two players can read off each other's profile.
/// </summary>
public sealed record Seek(string SeekId, string PlayerId, int Rating, PoolKey Pool, DateTimeOffset Since);

/// <summary>Two seeks to make a game of, with the colours drawn.</summary>
public sealed record Pairing(Seek Red, Seek Yellow);

/// <summary>
/// What one <see cref="SeekPool.Pair"/> decided: the games to make, in the order they were chosen, and the other seeks
/// of the players just paired, taken out of the pool (a player who has its game is no longer looking for one).
/// </summary>
public sealed record PairingRound(IReadOnlyList<Pairing> Pairs, IReadOnlyList<Seek> Withdrawn)
{
    public static PairingRound None { get; } = new([], []);
}
