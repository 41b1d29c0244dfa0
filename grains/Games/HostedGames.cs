using System.Collections.Concurrent;

namespace Connect4.Grains.Games;

/// <summary>
/// The games active on this silo, for operators and the failover tools (a silo's <c>GET /games</c>): which games a
/// silo's death would move. Kept by the game grains as they activate and deactivate.
/// </summary>
public sealed class HostedGames
{
    private readonly ConcurrentDictionary<string, byte> _games = new(StringComparer.Ordinal);

    public int Count => _games.Count;

    public IReadOnlyList<string> Ids => [.. _games.Keys];

    internal void Add(string gameId) => _games.TryAdd(gameId, 0);

    internal void Remove(string gameId) => _games.TryRemove(gameId, out _);
}
