using System.Text.Json;
using Connect4.Gateway.Auth;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Transport;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>
/// A connection speaking the native protocol (PROTOCOL.md sections 1 to 7). It turns each command into grain
/// calls and each grain event into a message; it decides no rule.
/// </summary>
/// <remarks>
/// Commands run one at a time in the reader loop. Work that events start (following a new game, resyncing
/// after a gap or a renewal that shows missed moves) takes the same <c>_gate</c>, so it never interleaves with a
/// command's subscribe-then-snapshot sequence. The gateway's <see cref="GatewayHub"/> routes events here and renews
/// the follows.
/// </remarks>
internal sealed class NativeSession : IClientSession, IFollowerConnection, IFeedTarget
{
    private readonly SocketConnection _connection;
    private readonly IClusterClient _client;
    private readonly GatewayHub _hub;
    private readonly GrainCalls _calls;
    private readonly TokenService _tokens;
    private readonly GatewayLog _log;
    private readonly GameFeeds _feeds;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private string? _playerId;

    public NativeSession(SocketConnection connection, IClusterClient client, GatewayHub hub, GrainCalls calls, TokenService tokens, GatewayLog log)
    {
        _connection = connection;
        _client = client;
        _hub = hub;
        _calls = calls;
        _tokens = tokens;
        _log = log;
        _feeds = new GameFeeds(this);
        FollowerId = hub.NextFollowerId();
    }

    public long FollowerId { get; }

    public async Task OnTextAsync(ReadOnlyMemory<byte> message)
    {
        JsonDocument? document = null;
        JsonElement? rid = null;
        var type = "?";
        try
        {
            var command = Command.Parse(message, out document);
            rid = command.Rid;
            type = command.Type;
            await _gate.WaitAsync();
            try
            {
                await ExecuteAsync(command);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (RidProtocolException e)
        {
            _connection.Send(NativeMessages.Error(e.Rid, e.Code, e.Message));
        }
        catch (Exception e)
        {
            var (code, text, isBug) = Errors.Classify(e);
            if (isBug)
            {
                _log.CommandFailed(e, type, _playerId, _connection.Id);
            }
            else if (code == ErrorCodes.Unavailable)
            {
                _log.CommandUnavailable(type, _playerId, e.Message);
            }

            _connection.Send(NativeMessages.Error(rid, code, text));
        }
        finally
        {
            document?.Dispose();
        }
    }

    public void OnBinary() => _connection.Send(NativeMessages.Error(null, ErrorCodes.BadRequest, "Binary messages are not accepted; send JSON text."));

    public void OnRateLimited(ReadOnlyMemory<byte> message) =>
        _connection.Send(NativeMessages.Error(RidOf(message), ErrorCodes.RateLimited, "Too many commands: at most 20 a second."));

    /// <summary>The rid of a command that is not executed, so that its error still answers it; null when it has none.</summary>
    private static JsonElement? RidOf(ReadOnlyMemory<byte> message)
    {
        JsonDocument? document = null;
        try
        {
            return Command.Parse(message, out document).Rid;
        }
        catch (RidProtocolException e)
        {
            return e.Rid;
        }
        catch (ProtocolException)
        {
            return null;
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>The commands of the native protocol (PROTOCOL.md section 3), each with its handler: the one list of them.</summary>
    private static readonly Dictionary<string, Func<NativeSession, Command, Task>> Handlers = new()
    {
        ["hello"] = (s, c) => s.HelloAsync(c),
        ["create"] = (s, c) => s.CreateAsync(c),
        ["join"] = (s, c) => s.JoinAsync(c),
        ["watch"] = (s, c) => s.WatchAsync(c),
        ["unwatch"] = (s, c) => s.UnwatchAsync(c),
        ["play"] = (s, c) => s.PlayAsync(c),
        ["resign"] = (s, c) => s.ResignAsync(c),
        ["state"] = (s, c) => s.StateAsync(c),
        ["ping"] = (s, c) => s.Reply(c, "pong"),
        ["analyze"] = (s, c) => s.AnalyzeAsync(c),
    };

    private Task ExecuteAsync(Command command)
    {
        if (!Handlers.TryGetValue(command.Type, out var handler))
        {
            throw new ProtocolException(ErrorCodes.UnknownType, $"Unknown message type '{command.Type}'.");
        }

        if (_playerId is null && command.Type != "hello")
        {
            throw new ProtocolException(ErrorCodes.NotAuthenticated, "Say hello first.");
        }

        return handler(this, command);
    }

    /// <summary>
    /// The game a command names in <c>gameId</c>. An id that is not of the form game ids have names no game: it is
    /// answered not-found here, without activating a grain for it.
    /// </summary>
    private static string GameIdOf(Command command)
    {
        var gameId = command.RequiredString("gameId");
        return GameKeys.IsGameId(gameId) ? gameId : throw NoSuchGame();
    }

    /// <summary>The game a join or watch key belongs to; not-found when the text cannot be a key.</summary>
    private static string GameOfKey(string key) =>
        GameKeys.GameIdOf(key) is { } gameId && GameKeys.IsGameId(gameId) ? gameId : throw NoSuchGame();

    private static GameRuleException NoSuchGame() => new(RuleCodes.NotFound, "There is no such game.");

    private async Task HelloAsync(Command command)
    {
        if (_playerId is not null)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, "This connection has already said hello.");
        }

        var name = PlayerNames.Normalize(command.OptionalString("name"));
        var token = command.OptionalString("token");
        string playerId;
        if (token is null)
        {
            playerId = GameKeys.NewPlayerId();
        }
        else
        {
            playerId = _tokens.Validate(token, out var reason) ?? throw RefuseToken(reason);
        }

        var profile = await _hub.ConnectAsync(this, playerId, name);
        _playerId = playerId;
        _connection.PlayerId = playerId;
        _log.Welcomed(playerId, _connection.Id, token is not null);
        _connection.Send(NativeMessages.Welcome(command.Rid, profile, _tokens.Issue(playerId)));
        foreach (var gameId in profile.Games)
        {
            await FollowLockedAsync(gameId, null, first: null);
        }
    }

    private ProtocolException RefuseToken(string reason)
    {
        _log.TokenRefused(_connection.Id, reason);
        return new ProtocolException(ErrorCodes.AuthFailed, "The token is not valid; say hello without one to play as a new player.");
    }

    private async Task CreateAsync(Command command)
    {
        var opponent = command.OptionalString("opponent") switch
        {
            null or "human" => OpponentKind.Human,
            "bot" => OpponentKind.Bot,
            var other => throw new ProtocolException(ErrorCodes.BadRequest, $"opponent must be \"human\" or \"bot\", not \"{other}\"."),
        };
        var color = command.OptionalString("color") switch
        {
            null or "red" => ColorChoice.Red,
            "yellow" => ColorChoice.Yellow,
            "random" => ColorChoice.Random,
            var other => throw new ProtocolException(ErrorCodes.BadRequest, $"color must be \"red\", \"yellow\" or \"random\", not \"{other}\"."),
        };
        var level = command.OptionalInt("level");
        if (level is < 1 or > 5)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, "level must be 1 to 5.");
        }

        var created = await _calls.Once(() => Player(_playerId!).CreateGame(new CreateGameOptions(opponent, color, opponent == OpponentKind.Bot ? level ?? 5 : null)));
        await FollowLockedAsync(created.GameId, null, NativeMessages.Reply("created", command.Rid, w =>
        {
            w.WriteString("gameId", created.GameId);
            w.WriteString("joinKey", created.JoinKey);
            w.WriteString("watchKey", created.WatchKey);
        }));
    }

    private async Task JoinAsync(Command command)
    {
        var joinKey = command.RequiredString("joinKey");
        GameOfKey(joinKey);
        var view = await _calls.Once(() => Player(_playerId!).JoinGame(joinKey));
        await FollowLockedAsync(view.GameId, null, GameReply("joined", command, view.GameId));
    }

    private async Task WatchAsync(Command command)
    {
        var watchKey = command.OptionalNonEmptyString("watchKey");
        var gameId = watchKey is not null ? GameOfKey(watchKey)
            : command.OptionalNonEmptyString("gameId") is not null ? GameIdOf(command)
            : throw new ProtocolException(ErrorCodes.BadRequest, "watch needs 'watchKey' or 'gameId'.");
        await FollowLockedAsync(gameId, watchKey, GameReply("watching", command, gameId));
    }

    private async Task UnwatchAsync(Command command)
    {
        var gameId = GameIdOf(command);
        if (!_feeds.Close(gameId))
        {
            throw new GameRuleException(RuleCodes.NotFound, "This connection is not watching that game.", gameId, _playerId);
        }

        await _hub.UnfollowAsync(this, gameId);
        _connection.Send(GameReply("unwatched", command, gameId));
    }

    private async Task PlayAsync(Command command)
    {
        var gameId = GameIdOf(command);
        var column = command.RequiredInt("column");
        var expected = command.OptionalInt("ply");
        var ply = expected is { } at
            ? await PlayRetryingAsync(gameId, column, at)
            : await _calls.Once(() => Game(gameId).Play(_playerId!, column, null));
        _connection.Send(NativeMessages.Reply("played", command.Rid, w =>
        {
            w.WriteString("gameId", gameId);
            w.WriteNumber("ply", ply);
        }));
    }

    /// <summary>
    /// A move with its ply is never played twice (the game refuses a repeat as stale), so it is retried across a silo's
    /// death. A retry refused as stale (or game-over, after a last move) is checked against the game: when the move at
    /// that ply is this one, an earlier attempt was played and only its reply was lost, and the move is acknowledged.
    /// </summary>
    private async Task<int> PlayRetryingAsync(string gameId, int column, int at)
    {
        var attempts = 0;
        try
        {
            return await _calls.Retrying(() =>
            {
                attempts++;
                return Game(gameId).Play(_playerId!, column, at);
            });
        }
        catch (GameRuleException e) when (e.Code is RuleCodes.Stale or RuleCodes.GameOver && attempts > 1)
        {
            var view = await View(gameId);
            var mine = view.You == (at % 2 == 0 ? ViewerRole.Red : ViewerRole.Yellow);
            if (mine && view.Moves.Count > at && view.Moves[at] == column)
            {
                return at + 1;
            }

            throw;
        }
    }

    private async Task ResignAsync(Command command)
    {
        var gameId = GameIdOf(command);
        await _calls.Once(() => Game(gameId).Resign(_playerId!));
        _connection.Send(GameReply("resigned", command, gameId));
    }

    private async Task StateAsync(Command command)
    {
        var gameId = GameIdOf(command);
        var view = await View(gameId);
        if (_feeds.IsFollowing(gameId))
        {
            // Goes through the feed, so a snapshot never reaches the client behind a move it has already seen.
            while (!_feeds.Start(gameId, view, null, [NativeMessages.Game(view, command.Rid)]))
            {
                view = await View(gameId);
            }
        }
        else
        {
            _connection.Send(NativeMessages.Game(view, command.Rid));
        }
    }

    private async Task AnalyzeAsync(Command command)
    {
        var gameId = GameIdOf(command);
        var ply = command.OptionalInt("ply");
        var analysis = await _calls.Once(() => Game(gameId).Analyze(_playerId!, ply));
        _connection.Send(NativeMessages.Reply("analysis", command.Rid, w =>
        {
            w.WriteString("gameId", analysis.GameId);
            w.WriteNumber("ply", analysis.Ply);
            w.WriteStartArray("scores");
            foreach (var score in analysis.Scores)
            {
                if (score is { } value)
                {
                    w.WriteNumberValue(value);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("best");
            foreach (var column in analysis.Best)
            {
                w.WriteNumberValue(column);
            }

            w.WriteEndArray();
        }));
    }

    private Task Reply(Command command, string type)
    {
        _connection.Send(NativeMessages.Reply(type, command.Rid));
        return Task.CompletedTask;
    }

    private static byte[] GameReply(string type, Command command, string gameId) =>
        NativeMessages.Reply(type, command.Rid, w => w.WriteString("gameId", gameId));

    /// <summary>
    /// Subscribes this connection to a game and sends <paramref name="first"/> (the command's reply), then the
    /// snapshot, then whatever happened since. Following a game already followed renews it and re-sends the
    /// snapshot. The caller holds <c>_gate</c>.
    /// </summary>
    private async Task FollowLockedAsync(string gameId, string? watchKey, byte[]? first)
    {
        var opened = _feeds.Open(gameId, watchKey);
        GameView view;
        try
        {
            view = await _hub.FollowAsync(this, gameId, _playerId!, watchKey);
        }
        catch
        {
            if (opened)
            {
                _feeds.Close(gameId);
            }

            throw;
        }

        while (!_feeds.Start(gameId, view, first, [NativeMessages.Game(view)]))
        {
            view = await View(gameId);
        }
    }

    private Task<GameView> View(string gameId) => _calls.Retrying(() => Game(gameId).GetView(_playerId!));

    void IFeedTarget.Send(byte[] message) => _connection.Send(message);

    byte[]? IFeedTarget.Render(GameEvent gameEvent) => NativeMessages.Event(gameEvent);

    void IFeedTarget.OnGap(string gameId) => _ = Background(async () =>
    {
        if (await _feeds.GapStaysAsync(gameId, _closed.Token))
        {
            await ResyncAsync(gameId);
        }
    });

    void IFeedTarget.OnFinished(string gameId) => _ = Background(() => StopFollowingAsync(gameId));

    void IFollowerConnection.OnGameEvent(GameEvent gameEvent) => _feeds.OnEvent(gameEvent);

    void IFollowerConnection.OnPlayerEvent(GameEvent gameEvent)
    {
        if (gameEvent is GameListed listed)
        {
            _ = Background(() => FollowNewGameAsync(listed.GameId));
        }
    }

    void IFollowerConnection.OnRenewed(string gameId, int ply)
    {
        if (ply > _feeds.LastPly(gameId) && _feeds.IsFollowing(gameId))
        {
            // Moves this connection was not sent (its game moved to another silo, or an event was lost): catch up.
            _ = Background(() => ResyncAsync(gameId));
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
            if (_feeds.Close(gameId))
            {
                await _hub.UnfollowAsync(this, gameId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A move arrived past a gap: replace the client's copy with a fresh snapshot.</summary>
    private async Task ResyncAsync(string gameId)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            if (_feeds.IsFollowing(gameId))
            {
                var view = await View(gameId);
                _feeds.Start(gameId, view, null, [NativeMessages.Game(view)]);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs work started by an event or a timer; its failures are logged, never thrown.</summary>
    private async Task Background(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.CommandFailed(e, "background", _playerId, _connection.Id);
        }
    }

    public async Task OnClosedAsync()
    {
        await _closed.CancelAsync();
        var leaving = _feeds.Games.Select(g => _hub.UnfollowAsync(this, g.GameId)).ToList();
        if (_playerId is not null)
        {
            leaving.Add(_hub.DisconnectAsync(this, _playerId));
        }

        // The games and the player forget this connection at their next lease check anyway.
        await Task.WhenAll(leaving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private IGameGrain Game(string gameId) => _client.GetGrain<IGameGrain>(gameId);

    private IPlayerGrain Player(string playerId) => _client.GetGrain<IPlayerGrain>(playerId);
}
