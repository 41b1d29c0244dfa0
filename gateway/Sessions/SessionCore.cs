using System.Diagnostics;
using System.Text.Json;
using Connect4.Gateway.Routing;
using Connect4.Gateway.Transport;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// What both dialects share of a connection: running its commands one at a time, following games (each game's events
/// in ply order, through <see cref="GameFeeds"/>), catching up after missed moves, and leaving its games and its player
/// when it closes. The dialect (<see cref="IDialect"/>) reads the client's messages and writes the core's.
/// </summary>
/// <remarks>
/// Locking: <c>_gate</c> lets one piece of work run at a time: a command (from the reader loop) or work an event started
/// (following a game the player gained elsewhere, catching up after a gap or a renewal, leaving a finished game), so a
/// catch-up never interleaves with a command's subscribe-then-snapshot sequence. Methods named <c>...Locked</c> expect
/// the gate held; every command handler runs with it held. Event-started work runs through <see cref="Background"/>: its
/// failures are logged, never thrown, and once the connection has closed it is cancelled. <see cref="GameFeeds"/> has
/// a lock of its own, under which it calls back <see cref="IFeedTarget"/>: those callbacks only queue.
/// </remarks>
internal sealed partial class SessionCore : IFollowerConnection, IFeedTarget
{
    private readonly SocketConnection _connection;
    private readonly IClusterClient _client;
    private readonly GatewayHub _hub;
    private readonly GrainCalls _calls;
    private readonly GatewayLog _log;
    private readonly IDialect _dialect;
    private readonly GameFeeds _feeds;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _closed = new();

    public SessionCore(IDialect dialect, SocketConnection connection, IClusterClient client, GatewayHub hub, GrainCalls calls, GatewayLog log)
    {
        _dialect = dialect;
        _connection = connection;
        _client = client;
        _hub = hub;
        _calls = calls;
        _log = log;
        _feeds = new GameFeeds(this);
        FollowerId = hub.NextFollowerId();
    }

    public long FollowerId { get; }

    /// <summary>The player this connection is, once <see cref="ConnectAsync"/> succeeded; null before.</summary>
    public string? PlayerId { get; private set; }

    /// <summary>The player's name as its profile had it when this connection connected (what its chat lines are signed with).</summary>
    public string? PlayerName { get; private set; }

    public string ConnectionId => _connection.Id;

    /// <summary>Queues a message to the client.</summary>
    public void Send(byte[] message) => _connection.Send(message);

    /// <summary>
    /// Runs one text message of the client under the gate: the dialect reads it into a command, whose handler then runs.
    /// A refusal or a failure is answered with the dialect's error (with the rid when it was read), and a bug is logged.
    /// </summary>
    public async Task RunAsync(ReadOnlyMemory<byte> message)
    {
        await _gate.WaitAsync();
        var started = Stopwatch.GetTimestamp();
        BoundCommand? command = null;
        var outcome = "ok";
        try
        {
            command = _dialect.Read(message);
            await command.Value.Run();
        }
        catch (Exception e)
        {
            outcome = Refuse(command?.Type ?? "?", command?.Command.Rid ?? (e as ProtocolException)?.Rid, e);
        }
        finally
        {
            _gate.Release();
        }

        // A message that was not read as a command has no type of the command table: it is counted as "unread".
        _connection.Metrics.CommandRan(command?.Type ?? "unread", outcome, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Answers a refused or failed command with the dialect's error; returns its error code.</summary>
    private string Refuse(string type, JsonElement? rid, Exception error)
    {
        var (code, message, isBug) = Errors.Classify(error);
        if (isBug)
        {
            _log.CommandFailed(error, type, PlayerId, _connection.Id);
        }
        else if (code == ErrorCodes.Unavailable)
        {
            _log.CommandUnavailable(type, PlayerId, error.Message);
        }

        Send(_dialect.Error(rid, error, code, message));
        return code;
    }

    /// <summary>
    /// Makes this connection <paramref name="playerId"/>'s: registers it with the gateway's hub (and the gateway with the
    /// player grain) and returns the player's profile. A registration that fails is undone, so the player is not left
    /// counting a connection it does not have.
    /// </summary>
    public async Task<PlayerProfile> ConnectAsync(string playerId, string? name)
    {
        PlayerProfile profile;
        try
        {
            profile = await _hub.ConnectAsync(this, playerId, name);
        }
        catch
        {
            await _hub.DisconnectAsync(this, playerId).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        PlayerId = playerId;
        PlayerName = profile.Name;
        _connection.PlayerId = playerId;
        return profile;
    }

    void IFollowerConnection.OnGameEvent(GameEvent gameEvent) => _feeds.OnEvent(gameEvent);

    void IFollowerConnection.OnPlayerEvent(GameEvent gameEvent)
    {
        if (gameEvent is GameListed listed && _dialect.FollowsPlayersNewGames)
        {
            _ = Background(() => FollowNewGameAsync(listed.GameId), "follow", listed.GameId);
        }
        else if (gameEvent is RematchStarted started && _dialect.FollowsPlayersNewGames)
        {
            _ = Background(() => FollowRematchAsync(started), "follow the rematch of", started.GameId);
        }
        else if (gameEvent is SeekPaired paired && _dialect.FollowsPlayersNewGames)
        {
            _ = Background(() => FollowPairedAsync(paired), "follow the paired game", paired.GameId);
        }
    }

    void IFollowerConnection.OnRenewed(string gameId, int ply)
    {
        if (_feeds.IsBehind(gameId, ply))
        {
            // Moves this connection was not sent (its game moved to another silo, or an event was lost): catch up.
            _ = Background(() => CatchUpAsync(gameId), "catch up with", gameId);
        }
    }

    /// <summary>Runs work started by an event; its failures are logged, never thrown, and it ends quietly once the connection has closed.</summary>
    private async Task Background(Func<Task> work, string what, string gameId)
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (Exception e) when (Errors.Classify(e).IsBug)
        {
            _log.BackgroundWorkFailed(e, what, gameId, PlayerId, _connection.Id);
        }
        catch (Exception e)
        {
            _log.BackgroundWorkRefused(_connection.Id, PlayerId, what, gameId, e.Message);
        }
    }

    /// <summary>The connection has ended: cancels its background work and leaves its games and its player.</summary>
    public async Task CloseAsync()
    {
        await _closed.CancelAsync();
        var leaving = _feeds.Games.Select(g => _hub.UnfollowAsync(this, g.GameId)).ToList();
        if (PlayerId is not null)
        {
            leaving.Add(_hub.DisconnectAsync(this, PlayerId));
        }

        // The games and the player forget this connection at their next lease check anyway.
        await Task.WhenAll(leaving).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
