using Connect4.GrainInterfaces;

namespace Connect4.Grains.LiveGames;

/// <summary>
/// The public games in progress (pure: the grain holds it), each with the time it last reported: ordered by the mean
/// of its two ratings (a seat without a rating counts as a new player's 1500), highest first, ties by game id.
/// </summary>
public sealed class LiveGames
{
    /// <summary>
    /// How long an entry lasts without a report: a game in progress reports at least every minute, so an entry older
    /// than this belongs to a game whose silo died (it reports again when it is next activated).
    /// </summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, (LiveGame Game, DateTimeOffset At)> _games = new(StringComparer.Ordinal);

    public int Count => _games.Count;

    public void Report(LiveGame game, DateTimeOffset now) => _games[game.GameId] = (game, now);

    public void Remove(string gameId) => _games.Remove(gameId);

    /// <summary>Drops the entries not reported since <see cref="Expiry"/> before <paramref name="now"/>.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (id, entry) in _games.Where(g => now - g.Value.At > Expiry).ToList())
        {
            _games.Remove(id);
        }
    }

    public List<LiveGame> Top(int limit) => _games.Values
        .Select(e => e.Game)
        .OrderByDescending(MeanRating)
        .ThenBy(g => g.GameId, StringComparer.Ordinal)
        .Take(limit)
        .ToList();

    public static double MeanRating(LiveGame game) =>
        ((game.Red?.Rating ?? RatingValue.New).Value + (game.Yellow?.Rating ?? RatingValue.New).Value) / 2;
}
