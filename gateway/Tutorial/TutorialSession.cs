using System.Text.Json;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Transport;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Tutorial;

/// <summary>
/// A connection on <c>/</c> speaking the python-websockets tutorial's dialect (PROTOCOL.md section 8): the translation
/// between its messages and the <see cref="SessionCore"/>. It only ever sends <c>init</c>, <c>play</c>, <c>win</c> and
/// <c>error</c>. Each connection is an anonymous player of its own, in one game for its life, through the same grains
/// and the same core as native clients.
/// </summary>
internal sealed class TutorialSession : IClientSession, IDialect
{
    /// <summary>The tutorial dialect's commands, each with its parser and handler: the one list of them.</summary>
    internal static readonly CommandTable<JsonElement, TutorialSession> Commands = new CommandTable<JsonElement, TutorialSession>()
        .Add<TutorialInit>("init", s => s.RequireNoGame(), TutorialCommands.Init, (s, c) => s.InitAsync(c))
        .Add<TutorialPlay>("play", s => s.RequireGame(), TutorialCommands.Play, (s, c) => s.PlayAsync(c));

    private readonly SessionCore _core;

    /// <summary>The anonymous player this connection is, made at its first <c>init</c>.</summary>
    private string? _playerId;

    /// <summary>The game this connection plays or watches, once it follows it.</summary>
    private string? _gameId;

    public TutorialSession(SocketConnection connection, IClusterClient client, GatewayHub hub, GrainCalls calls, GatewayLog log)
    {
        _core = new SessionCore(this, connection, client, hub, calls, log);
    }

    public Task OnTextAsync(ReadOnlyMemory<byte> message) => _core.RunAsync(message);

    public void OnBinary() => _core.Send(TutorialMessages.Error(TutorialTexts.Unsupported));

    public void OnRateLimited(ReadOnlyMemory<byte> message) => _core.Send(TutorialMessages.Error(TutorialTexts.TooMany));

    public Task OnClosedAsync() => _core.CloseAsync();

    BoundCommand IDialect.Read(ReadOnlyMemory<byte> message)
    {
        var (type, command, run) = TutorialCommands.Read(message, this);
        return new BoundCommand(type, command, () => run(this, command));
    }

    /// <summary>This dialect's own refusals carry their text; everything else is told by its code.</summary>
    byte[] IDialect.Error(JsonElement? rid, Exception error, string code, string message) =>
        TutorialMessages.Error(error is TutorialRefusal ? message : TutorialTexts.ForCode(code));

    byte[]? IDialect.Render(GameEvent gameEvent) => TutorialMessages.Event(gameEvent);

    IEnumerable<byte[]> IDialect.Snapshot(GameView view) => TutorialMessages.Replay(view);

    /// <summary>The moves after <paramref name="seen"/>, replayed in order (then the end, if the game is over).</summary>
    IEnumerable<byte[]>? IDialect.CatchUp(GameView view, int seen) => view.Ply > seen ? TutorialMessages.Replay(view).Skip(seen) : null;

    /// <summary>The player's other games are not this connection's business.</summary>
    bool IDialect.FollowsPlayersNewGames => false;

    /// <summary>The connection keeps following its one game after the end.</summary>
    bool IDialect.LeavesFinishedGames => false;

    private void RequireNoGame()
    {
        if (_gameId is not null)
        {
            throw new TutorialRefusal(ErrorCodes.BadRequest, TutorialTexts.AlreadyInGame);
        }
    }

    private void RequireGame()
    {
        if (_gameId is null)
        {
            throw new TutorialRefusal(RuleCodes.NotFound, TutorialTexts.GameNotFound);
        }
    }

    private async Task InitAsync(TutorialInit init)
    {
        if (_core.PlayerId is null)
        {
            await _core.ConnectAsync(_playerId ??= GameKeys.NewPlayerId(), null);
        }

        if (init.JoinKey is { } joinKey)
        {
            var view = await _core.JoinGameAsync(joinKey);
            await FollowAsync(view.GameId, null, null);
        }
        else if (init.WatchKey is { } watchKey)
        {
            await FollowAsync(GameKeys.GameIdOf(watchKey)!, watchKey, null);
        }
        else
        {
            var created = await _core.CreateGameAsync(new CreateGameOptions(OpponentKind.Human, ColorChoice.Red));
            await FollowAsync(created.GameId, null, TutorialMessages.Init(created));
        }
    }

    private async Task FollowAsync(string gameId, string? watchKey, byte[]? first)
    {
        await _core.FollowLockedAsync(gameId, watchKey, first);
        _gameId = gameId;
    }

    private Task PlayAsync(TutorialPlay play) => _core.PlayAsync(_gameId!, play.Column, ply: null);
}
