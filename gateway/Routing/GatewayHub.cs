using System.Collections.Concurrent;
using Connect4.Gateway.Telemetry;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Routing;

/// <summary>
/// This gateway as the grains see it: its one observer. Games and players call it once per turn's events, and it routes
/// them to the connections here that follow that game or belong to that player. It also keeps, per game, the list of
/// its connections that follow it: each change goes to the game as that one connection's subscription or departure,
/// with the list's new version; the whole list goes with every renewal.
/// </summary>
/// <remarks>
/// Connections call <see cref="FollowAsync"/>/<see cref="UnfollowAsync"/> and <see cref="ConnectAsync"/>/
/// <see cref="DisconnectAsync"/>; <see cref="RenewalLoop"/> renews. The observer reference is made on first use,
/// once Orleans runs.
/// </remarks>
internal sealed class GatewayHub(IClusterClient client, GrainCalls calls, GatewayMetrics metrics) : IGatewayObserver, IGatewayLeases
{
    private readonly ConcurrentDictionary<string, FollowedGame> _games = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PlayerConnections> _players = new(StringComparer.Ordinal);
    private readonly Lock _selfLock = new();
    private long _lastFollowerId;
    private IGatewayObserver? _self;

    /// <summary>The reference grains use to call this gateway.</summary>
    public IGatewayObserver Self
    {
        get
        {
            if (Volatile.Read(ref _self) is { } self)
            {
                return self;
            }

            lock (_selfLock)
            {
                return _self ??= client.CreateObjectReference<IGatewayObserver>(this);
            }
        }
    }

    /// <summary>A new connection's id on this gateway.</summary>
    public long NextFollowerId() => Interlocked.Increment(ref _lastFollowerId);

    /// <summary>
    /// Makes <paramref name="connection"/> follow a game and returns its snapshot; not-found (and nothing kept) when it
    /// may not. Following again renews the follow.
    /// </summary>
    public async Task<GameView> FollowAsync(IFollowerConnection connection, string gameId, string viewerId, string? watchKey)
    {
        var follower = new Follower(connection.FollowerId, viewerId, watchKey);
        while (true)
        {
            var game = _games.GetOrAdd(gameId, static id => new FollowedGame(id));
            if (game.Add(connection, follower) is not { } result)
            {
                // Retired between the look-up and the add: a fresh entry replaces it.
                _games.TryRemove(new KeyValuePair<string, FollowedGame>(gameId, game));
                continue;
            }

            var (version, added) = result;

            try
            {
                return await calls.Retrying(() => Game(gameId).Subscribe(Self, version, follower));
            }
            catch when (added)
            {
                await UnfollowQuietlyAsync(connection, gameId);
                throw;
            }
        }
    }

    /// <summary>Stops <paramref name="connection"/> following a game; the game hears of it, but failing to tell it is harmless (the next renewal does).</summary>
    public async Task UnfollowAsync(IFollowerConnection connection, string gameId)
    {
        if (!_games.TryGetValue(gameId, out var game))
        {
            return;
        }

        var (version, empty) = game.Remove(connection.FollowerId);
        if (empty)
        {
            _games.TryRemove(new KeyValuePair<string, FollowedGame>(gameId, game));
        }

        await calls.Once(() => Game(gameId).Unsubscribe(Self, version, connection.FollowerId));
    }

    private async Task UnfollowQuietlyAsync(IFollowerConnection connection, string gameId)
    {
        try
        {
            await UnfollowAsync(connection, gameId);
        }
        catch (Exception)
        {
            // The game forgets this follower at the next renewal anyway.
        }
    }

    /// <summary>Registers a connection of <paramref name="playerId"/> here (and this gateway with the player grain).</summary>
    public Task<PlayerProfile> ConnectAsync(IFollowerConnection connection, string playerId, string? name)
    {
        while (true)
        {
            var player = _players.GetOrAdd(playerId, static _ => new PlayerConnections());
            if (player.Add(connection))
            {
                return calls.Retrying(() => Player(playerId).Connect(Self, name));
            }

            // Retired by its last connection's departure between the look-up and the add: a fresh entry replaces it.
            _players.TryRemove(new KeyValuePair<string, PlayerConnections>(playerId, player));
        }
    }

    /// <summary>Forgets a connection of <paramref name="playerId"/>; the player grain forgets this gateway with its last one.</summary>
    public async Task DisconnectAsync(IFollowerConnection connection, string playerId)
    {
        if (_players.TryGetValue(playerId, out var player) && player.Remove(connection))
        {
            _players.TryRemove(new KeyValuePair<string, PlayerConnections>(playerId, player));
            await calls.Once(() => Player(playerId).Disconnect(Self));
        }
    }

    /// <inheritdoc/>
    public Task RenewGamesAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(_games.Values, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (game, _) => await RenewAsync(game));

    /// <summary>One attempt (a failed one is tried again at the next period, well within the lease).</summary>
    private async Task RenewAsync(FollowedGame game)
    {
        var (version, followers) = game.Snapshot();
        if (followers.Count == 0)
        {
            return;
        }

        var ply = await calls.Once(() => Game(game.GameId).Renew(Self, version, followers));
        if (game.Renewed(ply) is { } previous)
        {
            foreach (var connection in game.Connections())
            {
                connection.OnRenewed(game.GameId, previous);
            }
        }
    }

    /// <inheritdoc/>
    public Task RenewPlayersAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(_players.Keys, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (playerId, _) =>
            await calls.Once(() => Player(playerId).Connect(Self, null)));

    Task IGatewayObserver.OnGameEvents(IReadOnlyList<GameEvent> gameEvents, long exceptConnection)
    {
        Route(gameEvents, exceptConnection);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Hands the events of one turn of a game to this gateway's connections that follow it, but
    /// <paramref name="exceptConnection"/> (0 for none): what the game sent in a call of their own, or with the reply to
    /// a move played from here.
    /// </summary>
    public void Route(IReadOnlyList<GameEvent> gameEvents, long exceptConnection = 0)
    {
        if (gameEvents.Count == 0)
        {
            return;
        }

        if (!_games.TryGetValue(gameEvents[0].GameId, out var game))
        {
            // Every connection here left the game since it last heard from this gateway.
            metrics.EventsDropped(gameEvents.Count, "not-followed");
            return;
        }

        var handed = 0;
        foreach (var connection in game.Connections())
        {
            if (connection.FollowerId != exceptConnection)
            {
                foreach (var gameEvent in gameEvents)
                {
                    connection.OnGameEvent(gameEvent);
                }

                handed += gameEvents.Count;
            }
        }

        metrics.EventsFannedOut(handed);
    }

    Task IGatewayObserver.Resubscribe(string gameId)
    {
        if (_games.TryGetValue(gameId, out var game))
        {
            _ = RenewQuietlyAsync(game);
        }

        return Task.CompletedTask;
    }

    private async Task RenewQuietlyAsync(FollowedGame game)
    {
        try
        {
            await RenewAsync(game);
        }
        catch (Exception)
        {
            // The periodic renewal tries again.
        }
    }

    Task IGatewayObserver.OnPlayerEvent(string playerId, GameEvent gameEvent)
    {
        if (_players.TryGetValue(playerId, out var player))
        {
            foreach (var connection in player.Connections)
            {
                connection.OnPlayerEvent(gameEvent);
            }
        }

        return Task.CompletedTask;
    }

    private IGameGrain Game(string gameId) => client.GetGrainByKey<IGameGrain>(gameId);

    private IPlayerGrain Player(string playerId) => client.GetGrainByKey<IPlayerGrain>(playerId);
}
