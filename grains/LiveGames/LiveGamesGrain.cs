using Connect4.GrainInterfaces;

namespace Connect4.Grains.LiveGames;

/// <summary>
/// The one list of public games in progress. In memory, not stored: the games report at their start, as they go and
/// at least every minute while in progress, so a new activation (after a silo's death too) fills again within a
/// minute; an entry not refreshed for <see cref="LiveGames.Expiry"/> is dropped.
/// </summary>
public sealed class LiveGamesGrain(TimeProvider time) : Grain, ILiveGamesGrain
{
    private readonly LiveGames _games = new();

    public Task Report(LiveGame game)
    {
        _games.Report(game, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task Remove(string gameId)
    {
        _games.Remove(gameId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LiveGame>> Top(int limit)
    {
        _games.Expire(time.GetUtcNow());
        return Task.FromResult<IReadOnlyList<LiveGame>>(_games.Top(limit));
    }
}
