using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A finished game that nobody follows and that has nothing left to do leaves memory after <see cref="RestAfter"/>
/// rather than after Orleans' idle collection age (15 minutes): until then its presence timer would go on ticking every
/// <c>Game:PresenceCheckInterval</c>. Under load that was the embedded gateway's largest cost after a minute or two
/// (tens of thousands of finished games, each ticking once a second). Its state is stored, so whoever looks at it
/// later (a history entry, a rematch) activates it again from storage. At rest there is nothing for the timer to check,
/// so it ticks once more, after <see cref="RestAfter"/>, instead of every second: under load most game activations
/// are finished ones waiting to go, and their ticks were 5% of the embedded gateway's CPU.
/// </summary>
public sealed partial class GameGrain
{
    /// <summary>How long a finished game stays at rest before it goes: a look soon after its end finds it in memory.</summary>
    private static readonly TimeSpan RestAfter = TimeSpan.FromSeconds(5);

    private DateTimeOffset? _restingSince;

    /// <summary>The presence timer (<c>OnActivateAsync</c>): every <c>Game:PresenceCheckInterval</c>, or <see cref="RestAfter"/> at rest.</summary>
    private IGrainTimer _presenceTimer = null!;

    private void DeactivateIfAtRest()
    {
        var finished = !_game.Exists || _game.Status == GameStatus.Over;
        if (!finished || _followers.Any || _game.PlayersToTell || _game.PendingRematch is not null)
        {
            Wake();
            return;
        }

        var now = _time.GetUtcNow();
        if (_restingSince is null)
        {
            _restingSince = now;
            _presenceTimer.Change(RestAfter, RestAfter);
        }
        else if (now - _restingSince >= RestAfter)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>A connection follows the game again: its lease needs checking at the usual interval.</summary>
    private void WakeIfFollowed()
    {
        if (_followers.Any)
        {
            Wake();
        }
    }

    private void Wake()
    {
        if (_restingSince is not null)
        {
            _restingSince = null;
            _presenceTimer.Change(_presenceCheck, _presenceCheck);
        }
    }
}
