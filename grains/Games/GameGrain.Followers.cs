using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>Who follows the game: the gateways' leases, presence, and the spectator count.</summary>
public sealed partial class GameGrain
{
    /// <summary>The spectator count last sent, and when (see <see cref="AnnounceSpectators"/>).</summary>
    private int _announcedSpectators;
    private long _spectatorsAnnouncedAt;

    public Task<GameView> Subscribe(IGatewayObserver gateway, long version, Follower follower)
    {
        var viewer = Authorize(follower) ?? throw _game.NotFound(follower.ViewerId);
        var before = _followers.Current();
        _followers.Add(gateway, version, follower.ConnectionId, viewer, Lease());
        WakeIfFollowed();
        Announce(before, gateway.GetGrainId(), follower.ConnectionId);
        return Task.FromResult(View(follower.ViewerId));
    }

    public Task Unsubscribe(IGatewayObserver gateway, long version, long connectionId)
    {
        var before = _followers.Current();
        _followers.Remove(gateway, version, connectionId);
        Announce(before, null, 0);
        return Task.CompletedTask;
    }

    public Task<int> Renew(IGatewayObserver gateway, long version, IReadOnlyList<Follower> followers)
    {
        if (!_game.Exists)
        {
            return Task.FromResult(-1);
        }

        var before = _followers.Current();
        var allowed = followers.Select(f => (f.ConnectionId, Viewer: Authorize(f))).Where(f => f.Viewer is not null).Select(f => (f.ConnectionId, f.Viewer!.Value));
        _followers.Replace(gateway, version, allowed.ToList(), Lease());
        WakeIfFollowed();
        Announce(before, null, 0);
        return Task.FromResult(_game.Ply);
    }

    /// <summary>
    /// Takes back the gateways that followed the game at its last write, and asks each to renew at once: this
    /// activation knows them but not which of their connections follow.
    /// </summary>
    private void RestoreGateways()
    {
        foreach (var id in _state.State.Gateways)
        {
            var gateway = GrainFactory.GetGrain<IGatewayObserver>(GrainId.Parse(id));
            _followers.Restore(gateway, Lease());
            _ = gateway.Resubscribe(GameId);
        }
    }

    /// <summary>Who <paramref name="follower"/> is in this game, or null when it may not follow it.</summary>
    private Followers.Viewer? Authorize(Follower follower) =>
        _game.RoleOf(follower.ViewerId, follower.WatchKey) is { } role ? new Followers.Viewer(follower.ViewerId, role) : null;

    private DateTimeOffset Lease() => _time.GetUtcNow() + _leaseTime;

    /// <summary>
    /// Each <c>Game:PresenceCheckInterval</c>: drops the gateways whose lease lapsed (they stopped renewing: they died)
    /// and tells the others, and sends the spectator count if it changed since it was last sent.
    /// </summary>
    private Task Tick()
    {
        if (!_followers.Any)
        {
            return Task.CompletedTask;
        }

        var before = _followers.Current();
        var lapsed = _followers.RemoveExpired(_time.GetUtcNow());
        if (lapsed > 0)
        {
            LogDropped(GameId, lapsed);
            Announce(before, null, 0);
        }

        AnnounceSpectators(force: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Tells the followers what changed in presence since <paramref name="before"/>, except the connection that caused
    /// it (its snapshot says so already). A finished game's presence is news to nobody. (The audience is told by
    /// <see cref="Tick"/>.)
    /// </summary>
    private void Announce(Presence before, GrainId? exceptGateway, long exceptConnection)
    {
        var now = _followers.Current();
        var at = _time.GetUtcNow();
        _absence.Update(now, at);
        if (!_game.Exists || _game.Status == GameStatus.Over || now == before)
        {
            return;
        }

        var events = new List<GameEvent>(3);
        if (now.Red != before.Red)
        {
            events.Add(PresenceEvent(Color.Red, now.Red, at));
        }

        if (now.Yellow != before.Yellow)
        {
            events.Add(PresenceEvent(Color.Yellow, now.Yellow, at));
        }

        Broadcast(events, exceptGateway, exceptConnection);
        AnnounceSpectators(force: false, exceptGateway, exceptConnection);
    }

    /// <summary>
    /// Sends the spectator count if it changed since it was last sent: at once when none was sent within the last
    /// <c>Game:PresenceCheckInterval</c>, else at the next <see cref="Tick"/> (<paramref name="force"/>), so a crowd
    /// arriving costs one count per interval rather than one per arrival (N² messages for N spectators).
    /// </summary>
    private void AnnounceSpectators(bool force, GrainId? exceptGateway = null, long exceptConnection = 0)
    {
        var spectators = _followers.Current().Spectators;
        if (spectators == _announcedSpectators || !_game.Exists || _game.Status == GameStatus.Over
            || (!force && _time.GetElapsedTime(_spectatorsAnnouncedAt) < _presenceCheck))
        {
            return;
        }

        _announcedSpectators = spectators;
        _spectatorsAnnouncedAt = _time.GetTimestamp();
        Broadcast([new SpectatorsChanged(GameId, spectators)], exceptGateway, exceptConnection);
    }
}
