using System.Collections.Concurrent;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// A player's connection goes on following a game it was sent the end of, for a while: its rematch offer and the
/// players' chat after the end reach it through that game. It leaves after <see cref="IDialect.FinishedGameLinger"/>, or
/// as soon as it follows another game of its player's (a rematch, a new game), so a connection that plays game after
/// game follows at most its last finished one beside the ones under way.
/// </summary>
internal sealed partial class SessionCore
{
    /// <summary>
    /// The finished games this connection still follows, until it leaves them; made at the first (an idle connection
    /// holds as little as it can: an empty concurrent dictionary weighs about 600 bytes).
    /// </summary>
    private ConcurrentDictionary<string, byte>? _lingering;

    /// <summary>Called under the feeds' lock when a player's connection was sent the end of its game: only starts the wait.</summary>
    private void LingerThenLeave(string gameId)
    {
        LazyInitializer.EnsureInitialized(ref _lingering, () => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[gameId] = 0;
        _ = Background(async () =>
        {
            await Task.Delay(_dialect.FinishedGameLinger, _closed.Token);
            await StopFollowingAsync(gameId);
        }, "stop following", gameId);
    }

    /// <summary>This connection now follows <paramref name="gameId"/>; when it plays in it, the finished games it lingered on are left.</summary>
    private async Task LeaveLingeringGamesLockedAsync(string gameId, GameView view)
    {
        if (view.You == ViewerRole.Spectator || _lingering is not { IsEmpty: false } lingering)
        {
            return;
        }

        foreach (var finished in lingering.Keys.Where(id => id != gameId))
        {
            if (lingering.TryRemove(finished, out _) && _feeds.Close(finished))
            {
                await _hub.UnfollowAsync(this, finished);
            }
        }
    }
}
