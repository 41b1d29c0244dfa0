using Connect4.GrainInterfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Grains.Players;

/// <summary>
/// A player: name, unfinished games, record, and the gateways that hold its connections. It creates and joins
/// games on the player's behalf and tells each of those gateways of every game it gains, so all of a player's
/// sockets follow the same games.
/// </summary>
/// <remarks>
/// Calls go from players to games (create, join) and from games to players only when a game ends or its rematch
/// starts; a player never calls a game that could be calling it back, so the two never wait on each other.
/// </remarks>
public sealed partial class PlayerGrain : Grain, IPlayerGrain
{
    private readonly IPersistentState<PlayerState> _state;
    private readonly ILogger<PlayerGrain> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _leaseTime;

    /// <summary>The gateways holding this player's connections, each with the time its registration lapses.</summary>
    private readonly Dictionary<GrainId, (IGatewayObserver Gateway, DateTimeOffset Expires)> _gateways = [];

    public PlayerGrain(
        [PersistentState("player", GameOptions.StorageName)] IPersistentState<PlayerState> state,
        IOptions<GameOptions> options,
        ILogger<PlayerGrain> logger,
        TimeProvider time)
    {
        _state = state;
        _logger = logger;
        _time = time;
        _leaseTime = options.Value.PlayerSubscriptionExpiry;
    }

    private PlayerState State => _state.State;

    private string PlayerId => this.GetPrimaryKeyString();

    public async Task<PlayerProfile> Connect(IGatewayObserver gateway, string? name)
    {
        if (!_state.RecordExists)
        {
            State.Name = name ?? $"guest-{Random.Shared.Next(1000, 10000)}";
            State.CreatedAt = _time.GetUtcNow();
            await _state.WriteStateAsync();
            LogCreated(PlayerId, State.Name);
        }
        else if (name is not null && name != State.Name)
        {
            State.Name = name;
            await _state.WriteStateAsync();
        }

        var now = _time.GetUtcNow();
        RemoveLapsed(now);
        _gateways[gateway.GetGrainId()] = (gateway, now + _leaseTime);
        return Profile();
    }

    public async Task Disconnect(IGatewayObserver gateway)
    {
        _gateways.Remove(gateway.GetGrainId());
        RemoveLapsed(_time.GetUtcNow());
        if (_gateways.Count == 0)
        {
            await LapseSeeks();
        }
    }

    private void RemoveLapsed(DateTimeOffset now)
    {
        foreach (var (id, _) in _gateways.Where(g => g.Value.Expires <= now).ToList())
        {
            _gateways.Remove(id);
        }
    }

    public async Task<CreatedGame> CreateGame(CreateGameOptions options)
    {
        var gameId = GameKeys.NewGameId();
        var created = await GrainFactory.GetGrainByKey<IGameGrain>(gameId).Create(Me(), options);
        await AddGame(gameId);
        return created;
    }

    public async Task<GameView> JoinGame(string joinKey)
    {
        var gameId = GameKeys.GameIdOf(joinKey)
            ?? throw new GameRuleException(RuleCodes.NotFound, "There is no game with that join key.", null, PlayerId);
        var view = await GrainFactory.GetGrainByKey<IGameGrain>(gameId).Join(joinKey, Me());
        await AddGame(gameId);
        return view;
    }

    public Task<PlayerProfile> GetProfile() => Task.FromResult(Profile());

    /// <summary>Lists a game the player gained and tells its gateways with <paramref name="announcement"/> (by default <see cref="GameListed"/>).</summary>
    private async Task AddGame(string gameId, GameEvent? announcement = null)
    {
        if (!State.Games.Contains(gameId))
        {
            State.Games.Add(gameId);
            try
            {
                await _state.WriteStateAsync();
            }
            catch
            {
                // Not listed unless stored: a retry (a rematch's, say) must find it missing and write it.
                State.Games.Remove(gameId);
                throw;
            }
        }

        // One-way: a slow or dead gateway never holds the player up.
        RemoveLapsed(_time.GetUtcNow());
        foreach (var (gateway, _) in _gateways.Values)
        {
            _ = gateway.OnPlayerEvent(PlayerId, announcement ?? new GameListed(gameId));
        }
    }

    private PlayerInfo Me() => new(PlayerId, State.Name, Rating().Rating);

    private PlayerProfile Profile() =>
        new(PlayerId, State.Name, State.Games.ToList(), new PlayerStats(State.Wins, State.Losses, State.Draws), Rating());

    [LoggerMessage(2100, LogLevel.Information, "Player {PlayerId} created as {Name}")]
    private partial void LogCreated(string playerId, string name);
}
