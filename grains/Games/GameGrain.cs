using Connect4.GrainInterfaces;
using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Grains.Games;

/// <summary>
/// One game. It decides every rule, stores each accepted move before acknowledging it, and tells the
/// gateways whose connections follow it what happened, in order, one call per gateway per event. A player is
/// online in a game while at least one of its connections follows it.
/// </summary>
public sealed partial class GameGrain : Grain, IGameGrain
{
    private readonly IPersistentState<GameState> _state;
    private readonly ILogger<GameGrain> _logger;
    private readonly TimeProvider _time;
    private readonly Followers _followers = new();
    private readonly TimeSpan _presenceCheck;
    private readonly TimeSpan _leaseTime;
    private readonly IBotPlayer _bot;
    private readonly HostedGames _hosted;

    /// <summary>The spectator count last sent, and when (see <see cref="AnnounceSpectators"/>).</summary>
    private int _announcedSpectators;
    private long _spectatorsAnnouncedAt;
    private Board _board;
    private volatile AnalysisAccess? _access;

    /// <summary>The time an analysis may take; columns not solved by then are null.</summary>
    public static readonly TimeSpan AnalysisBudget = TimeSpan.FromSeconds(2);

    public GameGrain(
        [PersistentState("game", GameOptions.StorageName)] IPersistentState<GameState> state,
        IOptions<GameOptions> options,
        IBotPlayer bot,
        HostedGames hosted,
        ILogger<GameGrain> logger,
        TimeProvider time)
    {
        _state = state;
        _bot = bot;
        _hosted = hosted;
        _presenceCheck = options.Value.PresenceCheckInterval;
        _leaseTime = options.Value.SubscriptionExpiry;
        _logger = logger;
        _time = time;
    }

    private GameState State => _state.State;

    private string GameId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _board = Board.FromMoves(State.Moves);
        _hosted.Add(GameId);
        foreach (var id in State.Gateways)
        {
            var gateway = GrainFactory.GetGrain<IGatewayObserver>(GrainId.Parse(id));
            _followers.Restore(gateway, Lease());
            _ = gateway.Resubscribe(GameId);
        }

        this.RegisterGrainTimer(_ => Tick(), _presenceCheck, _presenceCheck);

        Publish();

        // An earlier activation may have ended while the bot was thinking: ask again.
        StartBotMoveIfDue();
        return Task.CompletedTask;
    }

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
    /// Sends the spectator count if it changed since it was last sent: at once when none was sent within the last
    /// <c>Game:PresenceCheckInterval</c>, else at the next <see cref="Tick"/> (<paramref name="force"/>), so a crowd
    /// arriving costs one count per interval rather than one per arrival (N² messages for N spectators).
    /// </summary>
    private void AnnounceSpectators(bool force, GrainId? exceptGateway = null, long exceptConnection = 0)
    {
        var spectators = _followers.Current().Spectators;
        if (spectators == _announcedSpectators || !State.Created || State.Status == GameStatus.Over
            || (!force && _time.GetElapsedTime(_spectatorsAnnouncedAt) < _presenceCheck))
        {
            return;
        }

        _announcedSpectators = spectators;
        _spectatorsAnnouncedAt = _time.GetTimestamp();
        Broadcast([new SpectatorsChanged(GameId, spectators)], exceptGateway, exceptConnection);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _hosted.Remove(GameId);
        return Task.CompletedTask;
    }

    public async Task<CreatedGame> Create(PlayerInfo creator, CreateGameOptions options)
    {
        if (State.Created)
        {
            throw new InvalidOperationException($"Game {GameId} exists already.");
        }

        var level = options.Level ?? 5;
        if (options.Opponent == OpponentKind.Bot && level is < 1 or > 5)
        {
            throw new GameRuleException(RuleCodes.BadRequest, "level must be 1 to 5.", GameId, creator.PlayerId);
        }

        var bot = options.Opponent == OpponentKind.Bot ? GameState.BotInfo(level) : null;

        var color = options.Color switch
        {
            ColorChoice.Red => Color.Red,
            ColorChoice.Yellow => Color.Yellow,
            _ => Random.Shared.Next(2) == 0 ? Color.Red : Color.Yellow,
        };
        var now = _time.GetUtcNow();
        _state.State = new GameState
        {
            Created = true,
            JoinKey = GameKeys.NewKey(GameId),
            WatchKey = GameKeys.NewKey(GameId),
            Red = color == Color.Red ? creator : bot,
            Yellow = color == Color.Yellow ? creator : bot,
            Status = bot is null ? GameStatus.Waiting : GameStatus.Playing,
            Opponent = options.Opponent,
            BotLevel = bot is null ? null : level,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await Commit(null);
        LogCreated(GameId, creator.PlayerId, color);
        StartBotMoveIfDue();
        return new CreatedGame(GameId, State.JoinKey, State.WatchKey);
    }

    public async Task<GameView> Join(string joinKey, PlayerInfo player)
    {
        if (!State.Created || !FixedTimeEquals(joinKey, State.JoinKey))
        {
            throw NotFound(player.PlayerId);
        }

        if (State.SeatOf(player.PlayerId) is not null)
        {
            throw new GameRuleException(RuleCodes.OwnGame, "You are already a player of this game.", GameId, player.PlayerId);
        }

        if (State.Status != GameStatus.Waiting)
        {
            throw new GameRuleException(RuleCodes.GameFull, "This game already has two players.", GameId, player.PlayerId);
        }

        var before = State.Clone();
        var color = State.Red is null ? Color.Red : Color.Yellow;
        if (color == Color.Red)
        {
            State.Red = player;
        }
        else
        {
            State.Yellow = player;
        }

        State.Status = GameStatus.Playing;
        await Commit(before);
        LogJoined(GameId, player.PlayerId, color);
        Broadcast([new SeatTaken(GameId, color, player)]);
        return View(player.PlayerId);
    }

    public Task<GameView> Subscribe(IGatewayObserver gateway, long version, Follower follower)
    {
        var viewer = Authorize(follower) ?? throw NotFound(follower.ViewerId);
        var before = _followers.Current();
        _followers.Add(gateway, version, follower.ConnectionId, viewer, Lease());
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
        if (!State.Created)
        {
            return Task.FromResult(-1);
        }

        var before = _followers.Current();
        var allowed = followers.Select(f => (f.ConnectionId, Viewer: Authorize(f))).Where(f => f.Viewer is not null).Select(f => (f.ConnectionId, f.Viewer!.Value));
        _followers.Replace(gateway, version, allowed.ToList(), Lease());
        Announce(before, null, 0);
        return Task.FromResult(_board.Ply);
    }

    /// <summary>Who <paramref name="follower"/> is in this game, or null when it may not follow it.</summary>
    private Followers.Viewer? Authorize(Follower follower)
    {
        if (!State.Created)
        {
            return null;
        }

        var seat = State.SeatOf(follower.ViewerId);
        if (seat is null && (follower.WatchKey is null || !FixedTimeEquals(follower.WatchKey, State.WatchKey)))
        {
            return null;
        }

        return new Followers.Viewer(follower.ViewerId, seat switch
        {
            Color.Red => ViewerRole.Red,
            Color.Yellow => ViewerRole.Yellow,
            _ => ViewerRole.Spectator,
        });
    }

    private DateTimeOffset Lease() => _time.GetUtcNow() + _leaseTime;

    /// <summary>
    /// Tells the followers what changed in presence since <paramref name="before"/>, except the connection that caused
    /// it (its snapshot says so already). A finished game's presence is news to nobody. (The audience is told by
    /// <see cref="Tick"/>.)
    /// </summary>
    private void Announce(Followers.Presence before, GrainId? exceptGateway, long exceptConnection)
    {
        var now = _followers.Current();
        if (!State.Created || State.Status == GameStatus.Over || now == before)
        {
            return;
        }

        var events = new List<GameEvent>(3);
        if (now.Red != before.Red)
        {
            events.Add(new PresenceChanged(GameId, Color.Red, now.Red));
        }

        if (now.Yellow != before.Yellow)
        {
            events.Add(new PresenceChanged(GameId, Color.Yellow, now.Yellow));
        }

        Broadcast(events, exceptGateway, exceptConnection);
        AnnounceSpectators(force: false, exceptGateway, exceptConnection);
    }

    public async Task<int> Play(string playerId, int column, int? expectedPly)
    {
        var color = CheckPlayer(playerId);
        if (State.Status == GameStatus.Waiting)
        {
            throw Refuse(RuleCodes.NotStarted, "The game has not started: it waits for a second player.", playerId);
        }

        if (expectedPly is { } seen && seen != _board.Ply)
        {
            throw Refuse(RuleCodes.Stale, $"You have seen {seen} moves but {_board.Ply} were played; nothing was played.", playerId);
        }

        if (_board.ToMove.ToColor() != color)
        {
            throw Refuse(RuleCodes.NotYourTurn, "It is not your turn.", playerId);
        }

        if (column is < 0 or > 6)
        {
            throw Refuse(RuleCodes.BadColumn, $"Column {column} does not exist: columns are 0 to 6.", playerId);
        }

        if (!_board.CanPlay(column))
        {
            throw Refuse(RuleCodes.ColumnFull, $"Column {column} is full.", playerId);
        }

        await ApplyMove(color, column);
        StartBotMoveIfDue();
        return _board.Ply;
    }

    /// <summary>Plays a checked legal move: stores it, then tells everyone; ends the game on a four or a full board.</summary>
    private async Task ApplyMove(Color color, int column)
    {
        var before = State.Clone();
        var row = _board.Height(column);
        var wins = _board.IsWinningMove(column);
        var board = _board.Play(column);
        State.Moves.Add(column);
        if (wins)
        {
            End(color == Color.Red ? GameResult.RedWins : GameResult.YellowWins, EndReason.Four, board.WinningLine(column, row));
        }
        else if (board.IsFull)
        {
            End(GameResult.Draw, EndReason.Full, null);
        }

        await Commit(before);
        _board = board;
        var turn = State.Status == GameStatus.Playing ? board.ToMove.ToColor() : (Color?)null;
        var moved = new MoveMade(GameId, board.Ply, color, column, row, turn);
        if (State.Status == GameStatus.Over)
        {
            await Finish(moved);
        }
        else
        {
            Broadcast([moved]);
        }
    }

    /// <summary>
    /// When it is the bot's turn, asks the bot service for a move without waiting for it here: the search runs
    /// off this grain's turns, and its answer comes back as a turn of its own (<see cref="PlayBotMove"/>).
    /// </summary>
    private void StartBotMoveIfDue()
    {
        if (!State.Created || State.Status != GameStatus.Playing || State.BotColor != _board.ToMove.ToColor() || State.BotLevel is not { } level)
        {
            return;
        }

        var board = _board;
        var gameId = GameId;
        var self = GrainFactory.GetGrain<IGameGrain>(gameId);
        _ = Task.Run(async () =>
        {
            try
            {
                var column = await _bot.ChooseMove(board, level);
                await self.PlayBotMove(board.Ply, column);
            }
            catch (Exception e)
            {
                LogBotMoveFailed(gameId, board.Ply, e.Message);
            }
        });
    }

    public async Task PlayBotMove(int ply, int column)
    {
        if (!State.Created || State.Status != GameStatus.Playing || _board.Ply != ply
            || State.BotColor is not { } color || _board.ToMove.ToColor() != color || !_board.CanPlay(column))
        {
            LogLateBotMove(GameId, ply, _board.Ply);
            return;
        }

        await ApplyMove(color, column);
    }

    public async Task<GameAnalysis> Analyze(string playerId, int? ply = null)
    {
        // Runs interleaved with the game's turns (the search takes up to the budget): past its first await it reads
        // only the immutable snapshot the turns publish. (Orleans runs interleaved calls on the activation's one
        // scheduler, so the followers can be checked before that await.)
        var moves = AnalysisMoves(_access, playerId);
        if (ply is < 0 || ply > moves.Count)
        {
            throw new GameRuleException(
                RuleCodes.BadRequest, $"ply must be 0 to {moves.Count}, the number of moves played.", GameId, playerId, moves.Count);
        }

        var board = Board.FromMoves(ply is { } p ? moves.Take(p) : moves);
        int?[] scores;
        if (board.IsFull || Board.HasFour(board.Current) || Board.HasFour(board.Current ^ board.Mask))
        {
            scores = new int?[Board.Columns];
        }
        else
        {
            scores = await _bot.Analyze(board, AnalysisBudget);
        }

        var top = scores.Max();
        var best = top is null ? [] : Enumerable.Range(0, Board.Columns).Where(c => scores[c] == top).ToList();
        return new GameAnalysis(GameId, board.Ply, scores, best);
    }

    /// <summary>Checks the right of <paramref name="playerId"/> to analyse the game and returns its moves.</summary>
    private IReadOnlyList<int> AnalysisMoves(AnalysisAccess? access, string playerId)
    {
        if (access is null || (access.Red != playerId && access.Yellow != playerId && !_followers.IsFollowing(playerId)))
        {
            throw new GameRuleException(RuleCodes.NotFound, "There is no such game.", GameId, playerId);
        }

        var isPlayer = access.Red == playerId || access.Yellow == playerId;
        if (access.Status != GameStatus.Over && !(access.BotGame && isPlayer))
        {
            throw new GameRuleException(
                RuleCodes.NotAllowed, "Analysis is only for finished games, and for the human in a game against the computer.", GameId, playerId, access.Moves.Count);
        }

        return access.Moves;
    }

    /// <summary>Publishes what <see cref="Analyze"/> needs, as an immutable snapshot (it runs outside the turns).</summary>
    private void Publish() =>
        _access = State.Created
            ? new AnalysisAccess(
                State.Status,
                State.BotLevel is not null,
                State.Red?.PlayerId,
                State.Yellow?.PlayerId,
                [.. State.Moves])
            : null;

    /// <summary>The part of the state that decides who may analyse, and the moves.</summary>
    private sealed record AnalysisAccess(GameStatus Status, bool BotGame, string? Red, string? Yellow, IReadOnlyList<int> Moves);

    public async Task Resign(string playerId)
    {
        var color = CheckPlayer(playerId);
        var before = State.Clone();
        End(color == Color.Red ? GameResult.YellowWins : GameResult.RedWins, EndReason.Resign, null);
        await Commit(before);
        await Finish();
    }

    public Task<GameView> GetView(string viewerId)
    {
        if (!State.Created || (State.SeatOf(viewerId) is null && !_followers.IsFollowing(viewerId)))
        {
            throw NotFound(viewerId);
        }

        return Task.FromResult(View(viewerId));
    }

    /// <summary>Checks that the game exists, <paramref name="playerId"/> plays in it and it is not over.</summary>
    private Color CheckPlayer(string playerId)
    {
        if (!State.Created)
        {
            throw NotFound(playerId);
        }

        var color = State.SeatOf(playerId) ?? throw Refuse(RuleCodes.NotAPlayer, "You are not a player of this game.", playerId);
        if (State.Status == GameStatus.Over)
        {
            throw Refuse(RuleCodes.GameOver, "The game is over.", playerId);
        }

        return color;
    }

    private void End(GameResult result, EndReason reason, IReadOnlyList<Engine.Rules.Cell>? line)
    {
        State.Status = GameStatus.Over;
        State.Result = result;
        State.Reason = reason;
        State.Line = line?.ToCells();
    }

    /// <summary>Writes the state; on failure puts <paramref name="before"/> back so the refused command changed nothing.</summary>
    private async Task Commit(GameState? before)
    {
        State.UpdatedAt = _time.GetUtcNow();
        State.Gateways = [.. _followers.Gateways.Select(g => g.Id.ToString())];
        try
        {
            await _state.WriteStateAsync();
        }
        catch when (before is not null)
        {
            _state.State = before;
            throw;
        }
        finally
        {
            Publish();
        }
    }

    /// <summary>
    /// Tells the followers the game is over, in one call with the move that ended it if any (Orleans does not keep
    /// separate messages in order, and the end must not overtake the move), and updates the human players' records.
    /// </summary>
    private async Task Finish(MoveMade? lastMove = null)
    {
        var (result, reason) = (State.Result!.Value, State.Reason!.Value);
        var ended = new GameEnded(GameId, State.Moves.Count, result, reason, State.Line);
        Broadcast(lastMove is null ? [ended] : [lastMove, ended]);
        LogOver(GameId, result, reason, State.Moves.Count);
        foreach (var color in new[] { Color.Red, Color.Yellow })
        {
            if (State.Player(color) is { } player && !GameState.IsBot(player))
            {
                await GrainFactory.GetGrain<IPlayerGrain>(player.PlayerId).GameFinished(GameId, result, color);
            }
        }
    }

    private GameView View(string viewerId)
    {
        var seat = State.SeatOf(viewerId);
        var you = seat switch
        {
            Color.Red => ViewerRole.Red,
            Color.Yellow => ViewerRole.Yellow,
            _ => ViewerRole.Spectator,
        };
        return new GameView(
            GameId,
            you,
            SeatView(Color.Red),
            SeatView(Color.Yellow),
            State.Moves.ToList(),
            State.Status == GameStatus.Playing ? _board.ToMove.ToColor() : null,
            State.Status,
            State.Result,
            State.Reason,
            State.Line?.ToList(),
            SpectatorCount(),
            seat is not null && State.Status == GameStatus.Waiting ? State.JoinKey : null,
            State.WatchKey);
    }

    private Seat? SeatView(Color color) =>
        State.Player(color) is { } p ? new Seat(p.PlayerId, p.Name, GameState.IsBot(p) || IsOnline(color)) : null;

    private bool IsOnline(Color color) => _followers.Current() is var now && (color == Color.Red ? now.Red : now.Yellow);

    private int SpectatorCount() => _followers.Current().Spectators;

    /// <summary>
    /// Sends the events of one turn to every gateway that follows the game, in one call each, without waiting for any
    /// of them (the call is one-way): a slow or dead gateway never holds the game up.
    /// </summary>
    private void Broadcast(IReadOnlyList<GameEvent> events, GrainId? exceptGateway = null, long exceptConnection = 0)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var (gateway, id) in _followers.Gateways)
        {
            _ = gateway.OnGameEvents(events, id == exceptGateway ? exceptConnection : 0);
        }
    }

    private GameRuleException NotFound(string playerId) =>
        new(RuleCodes.NotFound, "There is no such game.", GameId, playerId);

    private GameRuleException Refuse(string code, string message, string playerId) =>
        new(code, message, GameId, playerId, _board.Ply);

    private static bool FixedTimeEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    [LoggerMessage(2210, LogLevel.Warning, "Game {GameId}: the bot's move at ply {Ply} failed: {Reason}")]
    private partial void LogBotMoveFailed(string gameId, int ply, string reason);

    [LoggerMessage(2211, LogLevel.Debug, "Game {GameId}: a bot move chosen at ply {Ply} came after the game moved on (ply {Now}); ignored")]
    private partial void LogLateBotMove(string gameId, int ply, int now);

    [LoggerMessage(2000, LogLevel.Information, "Game {GameId} created by {PlayerId} playing {Color}")]
    private partial void LogCreated(string gameId, string playerId, Color color);

    [LoggerMessage(2001, LogLevel.Information, "Game {GameId} joined by {PlayerId} playing {Color}")]
    private partial void LogJoined(string gameId, string playerId, Color color);

    [LoggerMessage(2002, LogLevel.Information, "Game {GameId} over: {Result} by {Reason} after {Ply} moves")]
    private partial void LogOver(string gameId, GameResult result, EndReason reason, int ply);

    [LoggerMessage(2003, LogLevel.Information, "Game {GameId} dropped {Count} gateways whose lease lapsed")]
    private partial void LogDropped(string gameId, int count);
}
