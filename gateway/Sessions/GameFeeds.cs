using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// The games one connection follows, and the rule that keeps each game's events in ply order with no gaps
/// and no duplicates on that connection.
/// </summary>
/// <remarks>
/// A subscription opens a feed before the grain is asked (<see cref="Open"/>); events that arrive before the
/// snapshot are held, and sent after it (<see cref="Start"/>). From then on, a move whose ply is not the next
/// one is either a duplicate (dropped) or shows a gap (the connection fetches a fresh snapshot). All state is
/// guarded by <c>_lock</c>, and messages are queued to the socket under it, so their order is the order here.
/// A connection that follows no game holds no table of feeds (it is made with the first).
/// </remarks>
internal sealed class GameFeeds(IFeedTarget target)
{
    private readonly Lock _lock = new();
    private Dictionary<string, Feed>? _feeds;

    public IReadOnlyList<(string GameId, string? WatchKey)> Games
    {
        get
        {
            lock (_lock)
            {
                return _feeds is null ? [] : [.. _feeds.Select(kv => (kv.Key, kv.Value.WatchKey))];
            }
        }
    }

    public bool IsFollowing(string gameId)
    {
        lock (_lock)
        {
            return _feeds?.ContainsKey(gameId) == true;
        }
    }

    /// <summary>The ply last sent for a game, or -1 when it is not followed.</summary>
    public int LastPly(string gameId)
    {
        lock (_lock)
        {
            return _feeds is not null && _feeds.TryGetValue(gameId, out var feed) ? feed.LastPly : -1;
        }
    }

    /// <summary>Opens a feed before subscribing; returns false when the game is already followed.</summary>
    public bool Open(string gameId, string? watchKey)
    {
        lock (_lock)
        {
            _feeds ??= new Dictionary<string, Feed>(StringComparer.Ordinal);
            if (_feeds.ContainsKey(gameId))
            {
                return false;
            }

            _feeds[gameId] = new Feed(watchKey);
            return true;
        }
    }

    /// <summary>Closes a feed; returns false when there was none.</summary>
    public bool Close(string gameId)
    {
        lock (_lock)
        {
            return _feeds?.Remove(gameId) == true;
        }
    }

    /// <summary>
    /// Sends <paramref name="first"/> (a reply), then the snapshot messages, then any events held since
    /// <see cref="Open"/>. Returns false, sending nothing, when the snapshot is older than what this
    /// connection was already sent (the caller fetches a newer one).
    /// </summary>
    public bool Start(string gameId, GameView view, byte[]? first, IEnumerable<byte[]> snapshot)
    {
        lock (_lock)
        {
            _feeds ??= new Dictionary<string, Feed>(StringComparer.Ordinal);
            if (!_feeds.TryGetValue(gameId, out var feed))
            {
                feed = _feeds[gameId] = new Feed(null);
            }

            if (feed.Ready && view.Ply < feed.LastPly)
            {
                return false;
            }

            if (first is not null)
            {
                target.Send(first);
            }

            foreach (var message in snapshot)
            {
                target.Send(message);
            }

            feed.LastPly = view.Ply;
            feed.OverSent = view.Status == GameStatus.Over;
            feed.Ready = true;
            feed.Player = view.You != ViewerRole.Spectator;
            var held = feed.Held;
            feed.Held = [];
            foreach (var gameEvent in held)
            {
                DeliverLocked(feed, gameEvent);
            }

            return true;
        }
    }

    /// <summary>An event from a game this connection follows.</summary>
    public void OnEvent(GameEvent gameEvent)
    {
        lock (_lock)
        {
            if (_feeds is null || !_feeds.TryGetValue(gameEvent.GameId, out var feed))
            {
                return;
            }

            if (!feed.Ready)
            {
                feed.Held.Add(gameEvent);
                return;
            }

            DeliverLocked(feed, gameEvent);
        }
    }

    private void DeliverLocked(Feed feed, GameEvent gameEvent)
    {
        switch (gameEvent)
        {
            case MoveMade move when move.Ply <= feed.LastPly:
                return;
            case MoveMade move when move.Ply > feed.LastPly + 1:
                target.OnGap(move.GameId);
                return;
            case MoveMade move:
                feed.LastPly = move.Ply;
                break;
            case GameEnded when feed.OverSent:
                return;
            case GameEnded:
                feed.OverSent = true;
                break;
        }

        if (target.Render(gameEvent) is { } message)
        {
            target.Send(message);
        }

        if (gameEvent is GameEnded && feed.Player)
        {
            // A player's connection stops following a game once it has seen its end (it can still ask for `state`);
            // otherwise a long-lived connection would follow every game it ever played.
            target.OnFinished(gameEvent.GameId);
        }
    }

    private sealed class Feed(string? watchKey)
    {
        public string? WatchKey { get; } = watchKey;
        public bool Ready { get; set; }
        public int LastPly { get; set; }
        public bool OverSent { get; set; }
        public bool Player { get; set; }
        public List<GameEvent> Held { get; set; } = [];
    }
}

/// <summary>What <see cref="GameFeeds"/> needs of its connection's session. Called under the feeds' lock: each only queues.</summary>
internal interface IFeedTarget
{
    /// <summary>Queues a message to the connection.</summary>
    void Send(byte[] message);

    /// <summary>The event as this dialect's message, or null when the dialect has none for it.</summary>
    byte[]? Render(GameEvent gameEvent);

    /// <summary>A move arrived past a gap: the connection should fetch a fresh snapshot.</summary>
    void OnGap(string gameId);

    /// <summary>A player's connection has been sent the end of its game.</summary>
    void OnFinished(string gameId);
}
