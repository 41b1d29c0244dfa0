namespace Connect4.GrainInterfaces;

/// <summary>A public game in progress as <c>live</c> lists it (PROTOCOL.md section 14): its seats as in snapshots, its ply, spectators and clock.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.LiveGame")]
public sealed record LiveGame(
    [property: Id(0)] string GameId,
    [property: Id(1)] Seat? Red,
    [property: Id(2)] Seat? Yellow,
    [property: Id(3)] int Ply,
    [property: Id(4)] int Spectators,
    [property: Id(5)] ClockView? Clock = null);

/// <summary>
/// The public games in progress (PROTOCOL.md section 14): one grain, key <see cref="Key"/>, that public games report
/// to when they start, as they go (at most every few seconds) and when they end; <c>live</c> reads it, never the games.
/// </summary>
public interface ILiveGamesGrain : IGrainWithStringKey
{
    public const string Key = "global";

    /// <summary>A public game in progress: it enters the list, or its entry is replaced (one-way: a game never waits on the list).</summary>
    [Orleans.Concurrency.OneWay]
    Task Report(LiveGame game);

    /// <summary>A public game that ended: it leaves the list (one-way).</summary>
    [Orleans.Concurrency.OneWay]
    Task Remove(string gameId);

    /// <summary>The <paramref name="limit"/> highest-rated games in progress (the mean of the two ratings), highest first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<LiveGame>> Top(int limit);
}
