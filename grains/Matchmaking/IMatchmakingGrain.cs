using Connect4.GrainInterfaces;
using Orleans.Concurrency;

namespace Connect4.Grains.Matchmaking;

/// <summary>
/// One quick-play pool, keyed by <see cref="PoolKeys.Of"/>. Internal to the grains: players' grains call it. Every method
/// is synchronous on the pool and interleaves, so a player grain calling in while the pool's pairing round waits on that
/// same player grain never deadlocks.
/// </summary>
internal interface IMatchmakingGrain : IGrainWithStringKey
{
    /// <summary>Adds the player's seek, or returns the seek id it has in this pool already.</summary>
    [AlwaysInterleave]
    Task<string> Add(SeekRequest request);

    /// <summary>Takes the player's seek out; false when it is not waiting (paired, lapsed, withdrawn, another's).</summary>
    [AlwaysInterleave]
    Task<bool> Remove(string playerId, string seekId);

    /// <summary>The player's last connection closed: its seeks here lapse.</summary>
    [AlwaysInterleave]
    Task Lapse(string playerId);
}

/// <summary>A player's seek as its grain hands it to a pool: who, at which (rounded) rating, in which pool.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.SeekRequest")]
public sealed record SeekRequest(
    [property: Id(0)] PlayerInfo Player,
    [property: Id(1)] int Rating,
    [property: Id(2)] ClockSettings? Clock,
    [property: Id(3)] bool Rated);

/// <summary>A pool's grain key and its seeks' ids, which name their pool so an <c>unseek</c> finds it from the id alone.</summary>
public static class PoolKeys
{
    /// <summary>"60+0:rated", "untimed:casual": one pool per clock and <c>rated</c> value.</summary>
    public static string Of(ClockSettings? clock, bool rated) =>
        $"{(clock is null ? "untimed" : $"{clock.Initial}+{clock.Increment}")}:{(rated ? "rated" : "casual")}";

    public static string NewSeekId(string poolKey) => $"{poolKey}/{GameKeys.NewGameId()}";

    /// <summary>The pool of <paramref name="seekId"/>; null when it is not a seek id's form.</summary>
    public static string? PoolOf(string seekId) =>
        seekId.LastIndexOf('/') is > 0 and var slash && slash < seekId.Length - 1 ? seekId[..slash] : null;
}
