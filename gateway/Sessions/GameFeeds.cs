using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// The games one connection follows, and the rule that keeps each game's events in ply order with no gaps
/// and no duplicates on that connection.
/// </summary>
/// <remarks>
/// A subscription opens a feed before the grain is asked (<see cref="Open"/>); events that arrive before the
/// snapshot are held, and sent after it (<see cref="Start"/>). From then on, a move whose ply is already sent is a
/// duplicate (dropped), and one past the next ply, or an end past the last move, arrived early: Orleans does not keep
/// separate messages in order, so it waits for the moves before it, and the connection is told of the gap
/// (<see cref="IFeedTarget.OnGap"/>) to fetch a fresh snapshot if they do not come (<see cref="HasGap"/>). All state
/// is guarded by <c>_lock</c>, and messages are queued to the socket under it, so their order is the order here.
/// A connection that follows no game holds no table of feeds (it is made with the first).
/// </remarks>
internal sealed class GameFeeds(IFeedTarget target)
{
    /// <summary>How long events that overtook others wait for them before the connection fetches a snapshot.</summary>
    public static readonly TimeSpan GapGrace = TimeSpan.FromMilliseconds(500);

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

    /// <summary>
    /// Whether this connection follows a game and was sent fewer of its moves than <paramref name="ply"/> (the count a
    /// renewal found the game had a period ago): it missed some and should catch up.
    /// </summary>
    public bool IsBehind(string gameId, int ply)
    {
        lock (_lock)
        {
            return _feeds is not null && _feeds.TryGetValue(gameId, out var feed) && feed.LastPly < ply;
        }
    }

    /// <summary>Whether events of a game wait for moves that have not arrived.</summary>
    public bool HasGap(string gameId)
    {
        lock (_lock)
        {
            return _feeds is not null && _feeds.TryGetValue(gameId, out var feed) && feed.Early is { Count: > 0 };
        }
    }

    /// <summary>
    /// After <see cref="IFeedTarget.OnGap"/>: waits <see cref="GapGrace"/> for the missing events (events of separate
    /// turns may arrive out of order) and says whether the gap is still there, so the connection should catch up.
    /// </summary>
    public async Task<bool> GapStaysAsync(string gameId, CancellationToken cancellationToken = default)
    {
        await Task.Delay(GapGrace, cancellationToken);
        return HasGap(gameId);
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
            feed.Role = view.You;
            feed.ChatSeen = Math.Max(feed.ChatSeen, view.Chat.Count > 0 ? view.Chat[view.Chat.Count - 1].Seq : 0);
            var held = feed.Held;
            feed.Held = [];
            var early = feed.Early;
            feed.Early = null;
            foreach (var gameEvent in held.Concat(early ?? []))
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
        // Chat lines and rematch offers are not moves: they pass by the ply order, to their audience only, and a line the
        // snapshot already showed is not sent again.
        if (!GameAudience.Sees(feed.Role, gameEvent) || (gameEvent is ChatSaid chat && chat.Line.Seq <= feed.ChatSeen))
        {
            return;
        }

        switch (gameEvent)
        {
            case MoveMade move when move.Ply <= feed.LastPly:
                return;
            case MoveMade move when move.Ply > feed.LastPly + 1:
                HoldEarly(feed, gameEvent);
                return;
            case MoveMade move:
                feed.LastPly = move.Ply;
                break;
            case GameEnded when feed.OverSent:
                return;
            case GameEnded ended when ended.Ply > feed.LastPly:
                HoldEarly(feed, gameEvent);
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

        if (gameEvent is MoveMade && feed.Early is { Count: > 0 } early)
        {
            // The move that was missing may have been the one an early event waited for.
            feed.Early = null;
            foreach (var waiting in early.OrderBy(e => e is MoveMade m ? m.Ply : ((GameEnded)e).Ply + 0.5))
            {
                DeliverLocked(feed, waiting);
            }
        }
    }

    /// <summary>Keeps an event that overtook the moves before it; tells the connection once per gap.</summary>
    private void HoldEarly(Feed feed, GameEvent gameEvent)
    {
        var first = feed.Early is not { Count: > 0 };
        (feed.Early ??= []).Add(gameEvent);
        if (first)
        {
            target.OnGap(gameEvent.GameId);
        }
    }

    private sealed class Feed(string? watchKey)
    {
        public string? WatchKey { get; } = watchKey;
        public bool Ready { get; set; }
        public int LastPly { get; set; }
        public bool OverSent { get; set; }
        public bool Player { get; set; }

        /// <summary>How the connection sees the game, from its last snapshot: which chat room and rematch events it gets.</summary>
        public ViewerRole Role { get; set; }

        /// <summary>The last chat line the last snapshot showed (0: none); lines up to it are not sent again.</summary>
        public long ChatSeen { get; set; }

        public List<GameEvent> Held { get; set; } = [];

        /// <summary>Events that arrived before the moves they follow.</summary>
        public List<GameEvent>? Early { get; set; }
    }
}
