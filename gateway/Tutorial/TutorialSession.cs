using System.Text.Json;
using Connect4.Gateway.Native;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Transport;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Tutorial;

/// <summary>
/// A connection on <c>/</c> speaking the python-websockets tutorial's dialect (PROTOCOL.md section 8): it only
/// ever sends <c>init</c>, <c>play</c>, <c>win</c> and <c>error</c>. Each connection is an anonymous player of
/// its own, in one game, through the same grains as native clients.
/// </summary>
/// <remarks>
/// Messages run one at a time in the reader loop; catching up after missed moves takes the same <c>_gate</c>, so
/// replayed moves never interleave with the first replay.
/// </remarks>
internal sealed class TutorialSession : IClientSession, IFollowerConnection, IFeedTarget
{
    private readonly SocketConnection _connection;
    private readonly IClusterClient _client;
    private readonly GatewayHub _hub;
    private readonly GrainCalls _calls;
    private readonly GameFeeds _feeds;
    private readonly GatewayLog _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _playerId;
    private string? _gameId;

    public TutorialSession(SocketConnection connection, IClusterClient client, GatewayHub hub, GrainCalls calls, GatewayLog log)
    {
        _connection = connection;
        _client = client;
        _hub = hub;
        _calls = calls;
        _log = log;
        _feeds = new GameFeeds(this);
        FollowerId = hub.NextFollowerId();
    }

    public long FollowerId { get; }

    public async Task OnTextAsync(ReadOnlyMemory<byte> message)
    {
        await _gate.WaitAsync();
        try
        {
            await ExecuteAsync(message);
        }
        catch (TutorialRefusal refusal)
        {
            SendError(refusal.Message);
        }
        catch (Exception e)
        {
            var (code, _, isBug) = Errors.Classify(e);
            if (isBug)
            {
                _log.CommandFailed(e, "tutorial", _playerId, _connection.Id);
            }

            SendError(TutorialTexts.ForCode(code));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ExecuteAsync(ReadOnlyMemory<byte> message)
    {
        using var document = Parse(message);
        var root = document.RootElement;
        switch (Text(root, "type"))
        {
            case "init" when _gameId is not null:
                throw new TutorialRefusal(TutorialTexts.AlreadyInGame);
            case "init":
                await InitAsync(Text(root, "join"), Text(root, "watch"));
                break;
            case "play" when _gameId is null:
                throw new TutorialRefusal(TutorialTexts.GameNotFound);
            case "play" when root.TryGetProperty("column", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var column):
                var gameId = _gameId;
                await _calls.Once(() => _client.GetGrain<IGameGrain>(gameId).Play(_playerId!, column, null));
                break;
            default:
                throw new TutorialRefusal(TutorialTexts.Unsupported);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> message)
    {
        try
        {
            var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new TutorialRefusal(TutorialTexts.Invalid);
    }

    /// <summary>A string field, null when absent; a value that is not text (another JSON type, a lone surrogate, empty) is refused.</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && ClientText.TryRead(value, out var text) && text.Length > 0
            ? text
            : throw new TutorialRefusal(TutorialTexts.Invalid);
    }

    private async Task InitAsync(string? joinKey, string? watchKey)
    {
        var keyed = joinKey ?? watchKey;
        if (keyed is not null && (GameKeys.GameIdOf(keyed) is not { } keyedGame || !GameKeys.IsGameId(keyedGame)))
        {
            throw new TutorialRefusal(TutorialTexts.GameNotFound);
        }

        _playerId ??= GameKeys.NewPlayerId();
        _connection.PlayerId = _playerId;
        var player = _client.GetGrain<IPlayerGrain>(_playerId);
        await _hub.ConnectAsync(this, _playerId, null);
        if (joinKey is not null)
        {

            var view = await _calls.Once(() => player.JoinGame(joinKey));
            await FollowAsync(view.GameId, null, null);
        }
        else if (watchKey is not null)
        {
            var gameId = GameKeys.GameIdOf(watchKey)!;
            await FollowAsync(gameId, watchKey, null);
        }
        else
        {
            var created = await _calls.Once(() => player.CreateGame(new CreateGameOptions(OpponentKind.Human, ColorChoice.Red)));
            await FollowAsync(created.GameId, null, NativeMessages.Write(w =>
            {
                w.WriteString("type", "init");
                w.WriteString("join", created.JoinKey);
                w.WriteString("watch", created.WatchKey);
            }));
        }
    }

    /// <summary>Subscribes, then replays the moves so far as <c>play</c> events before live ones.</summary>
    private async Task FollowAsync(string gameId, string? watchKey, byte[]? first)
    {
        _feeds.Open(gameId, watchKey);
        GameView view;
        try
        {
            view = await _hub.FollowAsync(this, gameId, _playerId!, watchKey);
        }
        catch
        {
            _feeds.Close(gameId);
            throw;
        }

        _gameId = gameId;
        _feeds.Start(gameId, view, first, Replay(view));
    }

    void IFollowerConnection.OnGameEvent(GameEvent gameEvent) => _feeds.OnEvent(gameEvent);

    void IFollowerConnection.OnPlayerEvent(GameEvent gameEvent)
    {
        // A tutorial connection is in one game for its life: the player's other games are not its business.
    }

    void IFollowerConnection.OnRenewed(string gameId, int ply)
    {
        if (ply > _feeds.LastPly(gameId))
        {
            _ = CatchUpAsync(gameId);
        }
    }

    /// <summary>
    /// Moves were missed (the game moved to another silo, or an event was lost): this dialect has no snapshot, so the
    /// missing moves are replayed as play events, in order.
    /// </summary>
    private async Task CatchUpAsync(string gameId)
    {
        await _gate.WaitAsync();
        try
        {
            var view = await _calls.Retrying(() => _client.GetGrain<IGameGrain>(gameId).GetView(_playerId!));
            var seen = _feeds.LastPly(gameId);
            if (view.Ply > seen)
            {
                _feeds.Start(gameId, view, null, Replay(view).Skip(seen));
            }
        }
        catch (Exception e)
        {
            _log.CatchUpFailed(_connection.Id, _playerId, gameId, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    void IFeedTarget.Send(byte[] message) => _connection.Send(message);

    byte[]? IFeedTarget.Render(GameEvent gameEvent) => Render(gameEvent);

    /// <summary>A move arrived past a gap: unless the missing ones arrive in a moment, replay them.</summary>
    void IFeedTarget.OnGap(string gameId) => _ = CatchUpIfGapStaysAsync(gameId);

    private async Task CatchUpIfGapStaysAsync(string gameId)
    {
        if (await _feeds.GapStaysAsync(gameId))
        {
            await CatchUpAsync(gameId);
        }
    }

    /// <summary>Nothing: a tutorial connection is in one game for its life and keeps following it.</summary>
    void IFeedTarget.OnFinished(string gameId)
    {
    }

    private static IEnumerable<byte[]> Replay(GameView view)
    {
        var heights = new int[7];
        for (var i = 0; i < view.Moves.Count; i++)
        {
            var column = view.Moves[i];
            yield return Play(i % 2 == 0 ? Color.Red : Color.Yellow, column, heights[column]++);
        }

        if (view.Result is { } result && Render(new GameEnded(view.GameId, view.Ply, result, view.Reason!.Value, view.Line)) is { } end)
        {
            yield return end;
        }
    }

    private static byte[]? Render(GameEvent gameEvent) => gameEvent switch
    {
        MoveMade m => Play(m.Player, m.Column, m.Row),
        GameEnded { Result: GameResult.Draw } => Error(TutorialTexts.Draw),
        GameEnded { Result: var result } => NativeMessages.Write(w =>
        {
            w.WriteString("type", "win");
            w.WriteString("player", result == GameResult.RedWins ? "red" : "yellow");
        }),
        _ => null,
    };

    private static byte[] Play(Color player, int column, int row) => NativeMessages.Write(w =>
    {
        w.WriteString("type", "play");
        w.WriteString("player", NativeMessages.Name(player));
        w.WriteNumber("column", column);
        w.WriteNumber("row", row);
    });

    private static byte[] Error(string message) => NativeMessages.Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("message", message);
    });

    private void SendError(string message) => _connection.Send(Error(message));

    public void OnBinary() => SendError(TutorialTexts.Unsupported);

    public void OnRateLimited(ReadOnlyMemory<byte> message) => SendError(TutorialTexts.TooMany);

    public async Task OnClosedAsync()
    {
        var leaving = new List<Task>();
        if (_playerId is not null)
        {
            leaving.Add(_hub.DisconnectAsync(this, _playerId));
        }

        if (_gameId is not null)
        {
            leaving.Add(_hub.UnfollowAsync(this, _gameId));
        }

        await Task.WhenAll(leaving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
