using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>Following games: subscribing, snapshots through the feeds, catching up, and leaving.</summary>
internal sealed partial class SessionCore
{
    /// <summary>
    /// Subscribes this connection to a game and sends <paramref name="first"/> (the command's reply, if any), then the
    /// dialect's snapshot, then whatever happened since. Following a game already followed renews it and re-sends the
    /// snapshot. A follow that completes after the connection closed is undone.
    /// </summary>
    public async Task FollowLockedAsync(string gameId, string? watchKey, byte[]? first)
    {
        var opened = _feeds.Open(gameId, watchKey);
        GameView view;
        try
        {
            view = await _hub.FollowAsync(this, gameId, PlayerId!, watchKey);
        }
        catch
        {
            if (opened)
            {
                _feeds.Close(gameId);
            }

            throw;
        }

        if (_closed.IsCancellationRequested)
        {
            // Closing may have read the followed games before this one joined the hub's list.
            _feeds.Close(gameId);
            await _hub.UnfollowAsync(this, gameId);
            _closed.Token.ThrowIfCancellationRequested();
        }

        while (!_feeds.Start(gameId, view, first, _dialect.Snapshot(view)))
        {
            view = await ViewAsync(gameId);
        }

        await LeaveLingeringGamesLockedAsync(gameId, view);
    }

    /// <summary>Stops following a game; not-found when this connection does not follow it.</summary>
    public async Task UnwatchLockedAsync(string gameId)
    {
        if (!_feeds.Close(gameId))
        {
            throw new GameRuleException(RuleCodes.NotFound, "This connection is not watching that game.", gameId, PlayerId);
        }

        await _hub.UnfollowAsync(this, gameId);
    }

    /// <summary>
    /// Sends a fresh snapshot of a game, <paramref name="render"/>ed. For a followed game it goes through the feed, so it
    /// never reaches the client behind a move the client has already been sent.
    /// </summary>
    public async Task SendSnapshotLockedAsync(string gameId, Func<GameView, byte[]> render)
    {
        var view = await ViewAsync(gameId);
        if (!_feeds.IsFollowing(gameId))
        {
            Send(render(view));
            return;
        }

        while (!_feeds.Start(gameId, view, null, [render(view)]))
        {
            view = await ViewAsync(gameId);
        }
    }

    /// <summary>Another connection of this player created or joined a game: follow it here too.</summary>
    private async Task FollowNewGameAsync(string gameId)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            if (!_feeds.IsFollowing(gameId))
            {
                await FollowLockedAsync(gameId, null, first: null);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A game this player played is over and its end was sent: stop following it.</summary>
    private async Task StopFollowingAsync(string gameId)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            if (_lingering is { } lingering && lingering.TryRemove(gameId, out _) && _feeds.Close(gameId))
            {
                await _hub.UnfollowAsync(this, gameId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Moves were missed (a gap stayed, or a renewal showed more moves than were sent): bring the client up to date.</summary>
    private async Task CatchUpAsync(string gameId)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            if (_feeds.IsFollowing(gameId))
            {
                var view = await ViewAsync(gameId);
                if (_dialect.CatchUp(view, _feeds.LastPly(gameId)) is { } messages)
                {
                    _feeds.Start(gameId, view, null, messages);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    void IFeedTarget.Send(byte[] message)
    {
        if (!_connection.Send(message))
        {
            _connection.Metrics.EventsDropped(1, "connection-closed");
        }
    }

    byte[]? IFeedTarget.Render(GameEvent gameEvent) => _dialect.Render(gameEvent);

    void IFeedTarget.OnGap(string gameId) => _ = Background(async () =>
    {
        if (await _feeds.GapStaysAsync(gameId, _closed.Token))
        {
            await CatchUpAsync(gameId);
        }
    }, "catch up with", gameId);

    void IFeedTarget.OnFinished(string gameId)
    {
        if (_dialect.LeavesFinishedGames)
        {
            LingerThenLeave(gameId);
        }
    }
}
