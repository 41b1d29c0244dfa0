using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.GrainInterfaces;
using Connect4.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Grains.Games;

/// <summary>
/// One game's host. The rules are <see cref="Game"/>'s: this grain hands it each command with the time, stores what
/// it decides before acknowledging it, tells the gateways whose connections follow the game what happened, in order,
/// one call per gateway per turn, and schedules what the rules cannot: the bot's moves, the leases' checks and the
/// clock's deadline (<c>GameGrain.Clock.cs</c>). A
/// player is online in a game while at least one of its connections follows it.
/// </summary>
public sealed partial class GameGrain : Grain, IGameGrain, IGameBotCallback
{
    private readonly IPersistentState<GameState> _state;
    private readonly ILogger<GameGrain> _logger;
    private readonly TimeProvider _time;
    private readonly Followers _followers = new();
    private readonly TimeSpan _presenceCheck;
    private readonly TimeSpan _leaseTime;
    private readonly IBotPlayer _bot;
    private readonly HostedGames _hosted;
    private readonly GameOptions _settings;
    private readonly GameMetrics _metrics;

    /// <summary>
    /// The game as last stored. Each accepted decision replaces it once stored, and nothing changes it in place: a
    /// failed write leaves it as it was, and <see cref="Analyze"/>, which runs beside the turns, reads a consistent whole.
    /// </summary>
    private volatile Game _game = Game.Load("", new GameState());

    /// <summary>The time an analysis may take; columns not solved by then are null.</summary>
    public static readonly TimeSpan AnalysisBudget = TimeSpan.FromSeconds(2);

    public GameGrain(
        [PersistentState("game", GameOptions.StorageName)] IPersistentState<GameState> state,
        IOptions<GameOptions> options,
        IBotPlayer bot,
        HostedGames hosted,
        GameMetrics metrics,
        ILogger<GameGrain> logger,
        TimeProvider time)
    {
        _metrics = metrics;
        _state = state;
        _bot = bot;
        _hosted = hosted;
        _settings = options.Value;
        _presenceCheck = options.Value.PresenceCheckInterval;
        _leaseTime = options.Value.SubscriptionExpiry;
        _logger = logger;
        _time = time;
    }

    private string GameId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _game = Game.Load(GameId, _state.State);
        _absence = new Absence(_time.GetUtcNow());
        _hosted.Add(GameId);
        RestoreGateways();
        _presenceTimer = this.RegisterGrainTimer(async _ =>
        {
            await Tick();
            await RetryClockReminder();
            await TellPlayersIfDue();
            ReportLive();
            DeactivateIfAtRest();
        }, _presenceCheck, _presenceCheck);

        // A timed game in play schedules its deadline at once; past it, the flag fell while no activation held the game.
        ArmDeadline();

        // An earlier activation may have ended while the bot was thinking: ask again.
        StartBotMoveIfDue();

        // Or between deciding a rematch and making its game: finish making it.
        ResumePendingRematch();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _hosted.Remove(GameId);
        return Task.CompletedTask;
    }

    public async Task<CreatedGame> Create(PlayerInfo creator, CreateGameOptions options)
    {
        var decision = _game.Create(creator, options, NewGameRandom.Draw(GameId), _time.GetUtcNow());
        await Apply(decision);
        LogCreated(GameId, creator.PlayerId, decision.Game.State.SeatOf(creator.PlayerId)!.Value);
        return decision.Game.Keys;
    }

    public async Task<GameView> Join(string joinKey, PlayerInfo player)
    {
        var decision = _game.Join(joinKey, player, _time.GetUtcNow());
        await Apply(decision);
        LogJoined(GameId, player.PlayerId, decision.Game.State.SeatOf(player.PlayerId)!.Value);
        return View(player.PlayerId);
    }

    public async Task<int> Play(string playerId, int column, int? expectedPly) => (await Move(playerId, column, expectedPly, null)).Ply;

    public Task<PlayedMove> PlayFrom(IGatewayObserver gateway, string playerId, int column, int? expectedPly) =>
        Move(playerId, column, expectedPly, gateway);

    private async Task<PlayedMove> Move(string playerId, int column, int? expectedPly, IGatewayObserver? replyTo)
    {
        var decision = _game.Play(playerId, column, expectedPly, _time.GetUtcNow());
        var withheld = await Apply(decision, replyTo);
        return new PlayedMove(decision.Game.Ply, withheld);
    }

    public Task Resign(string playerId) => Apply(_game.Resign(playerId, _time.GetUtcNow()));

    public Task<GameView> GetView(string viewerId)
    {
        if (_game.ViewRefusal(viewerId, _followers.IsFollowing(viewerId)) is { } refusal)
        {
            throw refusal;
        }

        return Task.FromResult(View(viewerId));
    }

    public async Task<GameAnalysis> Analyze(string playerId, int? ply = null)
    {
        // Runs interleaved with the game's turns (the search takes up to the budget), so it reads the game once: an
        // immutable whole. (Orleans runs interleaved calls on the activation's one scheduler, so the followers can be
        // checked before the first await.)
        var game = _game;
        if (game.AnalysisRefusal(playerId, _followers.IsFollowing(playerId), ply) is { } refusal)
        {
            throw refusal;
        }

        var board = game.Position(ply);
        var ended = board.IsFull || Board.HasFour(board.Current) || Board.HasFour(board.Current ^ board.Mask);
        var scores = ended ? new int?[Board.Columns] : await _bot.Analyze(board, AnalysisBudget);
        var top = scores.Max();
        var best = top is null ? [] : Enumerable.Range(0, Board.Columns).Where(c => scores[c] == top).ToList();
        return new GameAnalysis(GameId, board.Ply, scores, best);
    }

    /// <summary>
    /// Carries out a decision of the rules: a refusal is thrown to the caller; a change is stored before anyone hears
    /// of it, then told to the followers, to the clock's timer and reminder, to the players' records when it ended the
    /// game, and to the bot when it is to move. A write that fails leaves the game as it was, and its caller gets the
    /// storage's error.
    /// With <paramref name="replyTo"/>, the gateway whose connection made the command, that gateway's share of the
    /// events is not sent but returned, for the reply to carry; should the command end in an error after all, it is
    /// sent after all, since an error carries no events.
    /// </summary>
    private async Task<IReadOnlyList<GameEvent>> Apply(Decision decision, IGatewayObserver? replyTo = null)
    {
        if (!decision.Changed)
        {
            if (decision.Refusal is { } refusal)
            {
                throw refusal;
            }

            return [];
        }

        decision = await WithRatings(decision);
        var before = _game;
        await Store(decision.Game.State);
        _game = decision.Game;
        Count(before, decision);
        var withheld = Broadcast(decision.Events, replyTo: decision.Refusal is null ? replyTo?.GetGrainId() : null);
        try
        {
            ReportLive();
            await OnClockChanged(before);
            if (decision.Ended is { } ended)
            {
                await Finish(ended);
            }

            StartBotMoveIfDue();
        }
        catch when (withheld.Count > 0)
        {
            _ = replyTo!.OnGameEvents(withheld, 0);
            throw;
        }

        // A command that came after the flag fell: the game ended by timeout, as stored and told above; the command is refused.
        if (decision.Refusal is { } late)
        {
            throw late;
        }

        return withheld;
    }

    /// <summary>Writes <paramref name="next"/> with the gateways that follow now; on failure the stored state object is put back.</summary>
    private async Task Store(GameState next)
    {
        var before = _state.State;
        _state.State = next with { Gateways = [.. _followers.Gateways.Select(g => g.Id.ToString())] };
        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            _state.State = before;
            throw;
        }
    }

    /// <summary>
    /// Logs the end of the game and updates the human players' records (the followers heard of it with its last move);
    /// a rated game goes on telling them until both acknowledged (<c>GameGrain.Ratings.cs</c>).
    /// </summary>
    private async Task Finish(GameEnded ended)
    {
        LogOver(GameId, ended.Result, ended.Reason, ended.Ply);
        if (_game.PlayersToTell)
        {
            await TellPlayersIfDue();
            return;
        }

        await TellPlayers(ended.Result, null);
    }

    private GameView View(string viewerId) => _game.ViewAt(viewerId, _followers.Current(), _time.GetUtcNow());

    /// <summary>
    /// Sends the events of one turn to every gateway that follows the game, in one call each, without waiting for any
    /// of them (the call is one-way): a slow or dead gateway never holds the game up. <paramref name="exceptGateway"/>'s
    /// call leaves out <paramref name="exceptConnection"/>; <paramref name="replyTo"/> is not called: the events are
    /// returned for the reply to its command to carry (none when it does not follow the game).
    /// </summary>
    private IReadOnlyList<GameEvent> Broadcast(
        IReadOnlyList<GameEvent> events, GrainId? exceptGateway = null, long exceptConnection = 0, GrainId? replyTo = null)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var withheld = false;
        foreach (var (gateway, id) in _followers.Gateways)
        {
            if (id == replyTo)
            {
                withheld = true;
                continue;
            }

            _ = gateway.OnGameEvents(events, id == exceptGateway ? exceptConnection : 0);
        }

        return withheld ? events : [];
    }
}
