using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>Rematch and chat: their grain calls, and following a rematch's new game.</summary>
internal sealed partial class SessionCore
{
    /// <summary>
    /// Offers or accepts a rematch. Safe to repeat (a repeated offer renews it; an accepted rematch is decided once), so
    /// retried; a retry refused with not-allowed is checked against the game: when its rematch started, an earlier attempt
    /// started it and only its reply was lost.
    /// </summary>
    public async Task<RematchOutcome> RematchAsync(string gameId)
    {
        var attempts = 0;
        try
        {
            return await _calls.Retrying(() =>
            {
                attempts++;
                return RematchOf(gameId).Rematch(PlayerId!);
            });
        }
        catch (GameRuleException e) when (e.Code == RuleCodes.NotAllowed && attempts > 1)
        {
            if ((await ViewAsync(gameId)).Rematch?.NewGameId is { } newGameId)
            {
                return new RematchOutcome(gameId, newGameId);
            }

            throw;
        }
    }

    public Task DeclineRematchAsync(string gameId) => _calls.Once(() => RematchOf(gameId).DeclineRematch(PlayerId!));

    /// <summary>Says a line; tried once, since a repeat would say it twice.</summary>
    public Task SayAsync(string gameId, string text) => _calls.Once(() => ChatOf(gameId).Say(new PlayerInfo(PlayerId!, PlayerName!), text));

    /// <summary>
    /// The rematch of <paramref name="gameId"/> started as <paramref name="newGameId"/>: unless this connection follows the
    /// new game already, it is sent <paramref name="first"/> (rematch-started), then the new game's snapshot, which it
    /// follows from then on; and it stops following the finished game.
    /// </summary>
    public async Task FollowRematchLockedAsync(string gameId, string newGameId, byte[]? first)
    {
        if (!_feeds.IsFollowing(newGameId))
        {
            await FollowLockedAsync(newGameId, null, first);
        }

        if (_feeds.Close(gameId))
        {
            await _hub.UnfollowAsync(this, gameId);
        }
    }

    /// <summary>Another connection (of this player or of the opponent) started a rematch: follow its game here too.</summary>
    private async Task FollowRematchAsync(RematchStarted started)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            await FollowRematchLockedAsync(started.GameId, started.NewGameId, _dialect.Render(started));
        }
        finally
        {
            _gate.Release();
        }
    }

    private IGameRematch RematchOf(string gameId) => _client.GetGrainByKey<IGameRematch>(gameId);

    private IGameChat ChatOf(string gameId) => _client.GetGrainByKey<IGameChat>(gameId);
}
