namespace Connect4.Grains.Matchmaking;

/// <summary>
/// The quick-play seeks waiting to be paired, in every pool (PROTOCOL.md section 12), with no host: each change takes
/// the time explicitly, and <see cref="Pair"/> (in SeekPool.Pairing.cs) decides which games to make now. Its holder (a grain, later) draws the
/// seek ids, stores what it must and tells the players. Not thread-safe: one caller at a time, as a grain's turns are.
/// </summary>
public sealed partial class SeekPool
{
    private readonly Dictionary<string, Seek> _seeks = new(StringComparer.Ordinal);

    /// <summary>The seeks waiting now, in no particular order.</summary>
    public IReadOnlyCollection<Seek> Seeks => _seeks.Values;

    public Seek? Find(string seekId) => _seeks.GetValueOrDefault(seekId);

    /// <summary>
    /// <paramref name="playerId"/> starts seeking in <paramref name="pool"/> at <paramref name="now"/>, as seek
    /// <paramref name="seekId"/>. A player already seeking in that pool keeps the seek it has, which is returned
    /// unchanged (same id, same start): the contract's second <c>seek</c> answers with the existing seekId.
    /// </summary>
    public Seek Add(string seekId, string playerId, int rating, PoolKey pool, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(seekId);
        ArgumentException.ThrowIfNullOrEmpty(playerId);
        ArgumentNullException.ThrowIfNull(pool);
        if (_seeks.Values.FirstOrDefault(s => s.PlayerId == playerId && s.Pool == pool) is { } existing)
        {
            return existing;
        }

        var seek = new Seek(seekId, playerId, rating, pool, now);
        if (!_seeks.TryAdd(seekId, seek))
        {
            throw new ArgumentException($"Seek id {seekId} is already waiting in the pool.", nameof(seekId));
        }

        return seek;
    }

    /// <summary>
    /// <c>unseek</c>: takes <paramref name="playerId"/>'s seek <paramref name="seekId"/> out of the pool. Null when it
    /// is not there (already paired, lapsed, withdrawn) or is another player's: both read as not-found.
    /// </summary>
    public Seek? Remove(string seekId, string playerId)
    {
        if (!_seeks.TryGetValue(seekId, out var seek) || seek.PlayerId != playerId)
        {
            return null;
        }

        _seeks.Remove(seekId);
        return seek;
    }

    /// <summary>The last connection of <paramref name="playerId"/> closed: every seek of its lapses. Returns them.</summary>
    public IReadOnlyList<Seek> Lapse(string playerId)
    {
        var lapsed = _seeks.Values.Where(s => s.PlayerId == playerId).OrderBy(s => s.SeekId, StringComparer.Ordinal).ToList();
        foreach (var seek in lapsed)
        {
            _seeks.Remove(seek.SeekId);
        }

        return lapsed;
    }
}
