using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A finished game that nobody follows and that has nothing left to do leaves memory after <see cref="RestAfter"/>
/// rather than after Orleans' idle collection age (15 minutes): until then its presence timer would go on ticking every
/// <c>Game:PresenceCheckInterval</c>. Under load that was the embedded gateway's largest cost after a minute or two
/// (tens of thousands of finished games, each ticking once a second). Its state is stored, so whoever looks at it
/// later (a history entry, a rematch) activates it again from storage.
/// </summary>
public sealed partial class GameGrain
{
    /// <summary>How long a finished game stays at rest before it goes: a look soon after its end finds it in memory.</summary>
    private static readonly TimeSpan RestAfter = TimeSpan.FromSeconds(5);

    private DateTimeOffset? _restingSince;

    private void DeactivateIfAtRest()
    {
        var finished = !_game.Exists || _game.Status == GameStatus.Over;
        if (!finished || _followers.Any || _game.PlayersToTell || _game.PendingRematch is not null)
        {
            _restingSince = null;
            return;
        }

        var now = _time.GetUtcNow();
        _restingSince ??= now;
        if (now - _restingSince >= RestAfter)
        {
            DeactivateOnIdle();
        }
    }
}
