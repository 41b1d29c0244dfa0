using System.Text.Json;
using Connect4.Gateway.Auth;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Transport;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>
/// A connection speaking the native protocol (PROTOCOL.md sections 1 to 7): the translation between its messages and
/// the <see cref="SessionCore"/>, which runs the commands one at a time, follows the games and keeps their events in
/// order. It decides no rule.
/// </summary>
internal sealed partial class NativeSession : IClientSession, IDialect
{
    /// <summary>The commands of the native protocol (PROTOCOL.md section 3), each with its parser and handler: the one list of them.</summary>
    internal static readonly CommandTable<CommandReader, NativeSession> Commands = new CommandTable<CommandReader, NativeSession>()
        .Add<HelloCommand>("hello", s => s.RequireNoHello(), NativeCommands.Hello, (s, c) => s.HelloAsync(c))
        .Add<CreateCommand>("create", s => s.RequireHello(), NativeCommands.Create, (s, c) => s.CreateAsync(c))
        .Add<JoinCommand>("join", s => s.RequireHello(), NativeCommands.Join, (s, c) => s.JoinAsync(c))
        .Add<WatchCommand>("watch", s => s.RequireHello(), NativeCommands.Watch, (s, c) => s.WatchAsync(c))
        .Add<UnwatchCommand>("unwatch", s => s.RequireHello(), NativeCommands.Unwatch, (s, c) => s.UnwatchAsync(c))
        .Add<PlayCommand>("play", s => s.RequireHello(), NativeCommands.Play, (s, c) => s.PlayAsync(c))
        .Add<ResignCommand>("resign", s => s.RequireHello(), NativeCommands.Resign, (s, c) => s.ResignAsync(c))
        .Add<StateCommand>("state", s => s.RequireHello(), NativeCommands.State, (s, c) => s.StateAsync(c))
        .Add<PingCommand>("ping", s => s.RequireHello(), NativeCommands.Ping, (s, c) => s.PingAsync(c))
        .Add<AnalyzeCommand>("analyze", s => s.RequireHello(), NativeCommands.Analyze, (s, c) => s.AnalyzeAsync(c))
        .Add<RematchCommand>("rematch", s => s.RequireHello(), NativeCommands.Rematch, (s, c) => s.RematchAsync(c))
        .Add<DeclineRematchCommand>("decline-rematch", s => s.RequireHello(), NativeCommands.DeclineRematch, (s, c) => s.DeclineRematchAsync(c))
        .Add<SayCommand>("say", s => s.RequireHello(), NativeCommands.Say, (s, c) => s.SayAsync(c))
        .Add<ClaimCommand>("claim", s => s.RequireHello(), NativeCommands.Claim, (s, c) => s.ClaimAsync(c))
        .Add<ProfileCommand>("profile", s => s.RequireHello(), NativeRatingCommands.Profile, (s, c) => s.ProfileAsync(c))
        .Add<HistoryCommand>("history", s => s.RequireHello(), NativeRatingCommands.History, (s, c) => s.HistoryAsync(c))
        .Add<LeaderboardCommand>("leaderboard", s => s.RequireHello(), NativeRatingCommands.Leaderboard, (s, c) => s.LeaderboardAsync(c))
        .Add<LiveCommand>("live", s => s.RequireHello(), NativeRatingCommands.Live, (s, c) => s.LiveAsync(c))
        .Add<SeekCommand>("seek", s => s.RequireHello(), NativeCommands.Seek, (s, c) => s.SeekAsync(c))
        .Add<UnseekCommand>("unseek", s => s.RequireHello(), NativeCommands.Unseek, (s, c) => s.UnseekAsync(c));

    private readonly SessionCore _core;
    private readonly TokenService _tokens;
    private readonly GatewayLog _log;
    private readonly TimeSpan _finishedGameLinger;

    public NativeSession(SocketConnection connection, IClusterClient client, GatewayHub hub, GrainCalls calls, TokenService tokens, GatewayLog log, GatewayOptions options)
    {
        _core = new SessionCore(this, connection, client, hub, calls, log);
        _tokens = tokens;
        _log = log;
        _finishedGameLinger = options.FinishedGameLinger;
    }

    public Task OnTextAsync(ReadOnlyMemory<byte> message) => _core.RunAsync(message);

    public void OnBinary() => _core.Send(NativeReplies.Error(null, ErrorCodes.BadRequest, "Binary messages are not accepted; send JSON text."));

    public void OnRateLimited(ReadOnlyMemory<byte> message) =>
        _core.Send(NativeReplies.Error(CommandReader.RidOf(message), ErrorCodes.RateLimited, "Too many commands: at most 20 a second."));

    public Task OnClosedAsync() => _core.CloseAsync();

    BoundCommand IDialect.Read(ReadOnlyMemory<byte> message)
    {
        var (type, command, run) = NativeCommands.Read(message, this);
        return new BoundCommand(type, command, () => run(this, command));
    }

    byte[] IDialect.Error(JsonElement? rid, Exception error, string code, string message) => NativeReplies.Error(rid, code, message);

    byte[]? IDialect.Render(GameEvent gameEvent) => NativeMessages.Event(gameEvent);

    IEnumerable<byte[]> IDialect.Snapshot(GameView view) => [NativeMessages.Game(view)];

    /// <summary>A fresh snapshot, which is authoritative, replaces the client's copy of the game.</summary>
    IEnumerable<byte[]>? IDialect.CatchUp(GameView view, int seen) => [NativeMessages.Game(view)];

    bool IDialect.FollowsPlayersNewGames => true;

    bool IDialect.LeavesFinishedGames => true;

    TimeSpan IDialect.FinishedGameLinger => _finishedGameLinger;

    private void RequireHello()
    {
        if (_core.PlayerId is null)
        {
            throw new ProtocolException(ErrorCodes.NotAuthenticated, "Say hello first.");
        }
    }

    private void RequireNoHello()
    {
        if (_core.PlayerId is not null)
        {
            throw new ProtocolException(ErrorCodes.BadRequest, "This connection has already said hello.");
        }
    }

    private async Task HelloAsync(HelloCommand hello)
    {
        var playerId = hello.Token is null ? GameKeys.NewPlayerId() : _tokens.Validate(hello.Token, out var reason) ?? throw RefuseToken(reason);
        var profile = await _core.ConnectAsync(playerId, hello.Name);
        _log.Welcomed(playerId, _core.ConnectionId, hello.Token is not null);
        _core.Send(NativeReplies.Welcome(hello.Rid, profile, _tokens.Issue(playerId)));
        foreach (var gameId in profile.Games)
        {
            await _core.FollowLockedAsync(gameId, null, first: null);
        }
    }

    private ProtocolException RefuseToken(string reason)
    {
        _log.TokenRefused(_core.ConnectionId, reason);
        return new ProtocolException(ErrorCodes.AuthFailed, "The token is not valid; say hello without one to play as a new player.");
    }

    private async Task CreateAsync(CreateCommand create)
    {
        var level = create.Opponent == OpponentKind.Bot ? create.Level ?? 5 : (int?)null;
        var created = await _core.CreateGameAsync(new CreateGameOptions(create.Opponent, create.Color, level, create.Clock, Public: create.Public, Rated: create.Rated));
        await _core.FollowLockedAsync(created.GameId, null, NativeReplies.Created(create.Rid, created));
    }

    private async Task JoinAsync(JoinCommand join)
    {
        var view = await _core.JoinGameAsync(join.JoinKey);
        await _core.FollowLockedAsync(view.GameId, null, NativeReplies.ForGame("joined", join.Rid, view.GameId));
    }

    private Task WatchAsync(WatchCommand watch) =>
        _core.FollowLockedAsync(watch.GameId, watch.WatchKey, NativeReplies.ForGame("watching", watch.Rid, watch.GameId));

    private async Task UnwatchAsync(UnwatchCommand unwatch)
    {
        await _core.UnwatchLockedAsync(unwatch.GameId);
        _core.Send(NativeReplies.ForGame("unwatched", unwatch.Rid, unwatch.GameId));
    }

    private async Task PlayAsync(PlayCommand play)
    {
        var ply = await _core.PlayAsync(play.GameId, play.Column, play.Ply);
        _core.Send(NativeReplies.Played(play.Rid, play.GameId, ply));
    }

    private async Task ResignAsync(ResignCommand resign)
    {
        await _core.ResignAsync(resign.GameId);
        _core.Send(NativeReplies.ForGame("resigned", resign.Rid, resign.GameId));
    }

    private Task StateAsync(StateCommand state) => _core.SendSnapshotLockedAsync(state.GameId, view => NativeMessages.Game(view, state.Rid));

    private Task PingAsync(PingCommand ping)
    {
        _core.Send(NativeReplies.Reply("pong", ping.Rid));
        return Task.CompletedTask;
    }

    private async Task AnalyzeAsync(AnalyzeCommand analyze)
    {
        var analysis = await _core.AnalyzeAsync(analyze.GameId, analyze.Ply);
        _core.Send(NativeReplies.Analysis(analyze.Rid, analysis));
    }
}
