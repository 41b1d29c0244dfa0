using Connect4.GrainInterfaces;
using Connect4.Grains.Matchmaking;

namespace Connect4.Grains.Players;

/// <summary>
/// The player's quick-play seeks: handed to their pools' grains, remembered here (in memory, as the seeks are) so that a
/// pairing withdraws the others and the player's last gateway going lapses them all.
/// </summary>
/// <remarks>
/// A player may seek in several pools at once. Each pool pairs on its own; the first pairing the player grain hears of
/// withdraws the rest. Two pools pairing the same player in the same instant, before either is heard of, give it two
/// games: rare, and each is an ordinary game it may play or resign.
/// </remarks>
public sealed partial class PlayerGrain : IPlayerSeeks, IQuickPlayPlayer
{
    /// <summary>The seeks waiting now: seek id to pool key.</summary>
    private readonly Dictionary<string, string> _seeks = new(StringComparer.Ordinal);

    public async Task<string> Seek(ClockSettings? clock, bool rated)
    {
        var poolKey = PoolKeys.Of(clock, rated);
        var seekId = await Pool(poolKey).Add(new SeekRequest(Me(), SeekRating(), clock, rated));
        _seeks[seekId] = poolKey;
        return seekId;
    }

    public async Task Unseek(string seekId)
    {
        // The pool is read off the id, so an unseek works even after this grain forgot its seeks.
        var removed = PoolKeys.PoolOf(seekId) is { } poolKey && await Pool(poolKey).Remove(PlayerId, seekId);
        _seeks.Remove(seekId);
        if (!removed)
        {
            throw new GameRuleException(RuleCodes.NotFound, "No such seek is waiting: it was paired, has lapsed, or was withdrawn.", null, PlayerId);
        }
    }

    async Task IQuickPlayPlayer.ListPaired(string seekId, string gameId, Color color)
    {
        _seeks.Remove(seekId);
        await Task.WhenAll(_seeks.Select(s => Pool(s.Value).Remove(PlayerId, s.Key)));
        _seeks.Clear();
        await AddGame(gameId, new SeekPaired(gameId, seekId, color));
    }

    /// <summary>The player's last gateway registration went: its seeks lapse (PROTOCOL.md section 12).</summary>
    private async Task LapseSeeks()
    {
        var pools = _seeks.Values.Distinct(StringComparer.Ordinal).ToList();
        _seeks.Clear();
        await Task.WhenAll(pools.Select(p => Pool(p).Lapse(PlayerId)));
    }

    /// <summary>The rating a seek pairs on: the shown (rounded) rating, 1500 for a player with no rated game.</summary>
    private int SeekRating() => Rating().Rating.Rounded;

    private IMatchmakingGrain Pool(string poolKey) => GrainFactory.GetGrainByKey<IMatchmakingGrain>(poolKey);
}
