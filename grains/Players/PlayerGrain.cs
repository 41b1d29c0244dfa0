using Connect4.GrainInterfaces;
using Connect4.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Grains.Players;

/// <summary>
/// A player: name, unfinished games, record, and the connections it has open. It creates and joins games on
/// the player's behalf and tells each of its connections of every game it gains, so all of a player's
/// sockets follow the same games.
/// </summary>
/// <remarks>
/// Calls go from players to games (create, join) and from games to players only when a game ends; a player
/// never calls a game that could be calling it back, so the two never wait on each other.
/// </remarks>
public sealed partial class PlayerGrain : Grain, IPlayerGrain
{
    private readonly IPersistentState<PlayerState> _state;
    private readonly ILogger<PlayerGrain> _logger;
    private readonly TimeProvider _time;
    private readonly ObserverManager<IGameObserver, bool> _connections;

    public PlayerGrain(
        [PersistentState("player")] IPersistentState<PlayerState> state,
        IOptions<GameOptions> options,
        ILogger<PlayerGrain> logger,
        TimeProvider time)
    {
        _state = state;
        _logger = logger;
        _time = time;
        _connections = new ObserverManager<IGameObserver, bool>(options.Value.SubscriptionExpiry, options.Value.NotifyTimeout, time);
    }

    private PlayerState State => _state.State;

    private string PlayerId => GetPrimaryKeyString();

    public async Task<PlayerProfile> Connect(IGameObserver observer, string? name)
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

        _connections.RemoveExpired();
        _connections.Subscribe(observer, true);
        return Profile();
    }

    public Task Disconnect(IGameObserver observer)
    {
        _connections.Unsubscribe(observer, out _);
        return Task.CompletedTask;
    }

    public async Task<CreatedGame> CreateGame(CreateGameOptions options)
    {
        var gameId = GameKeys.NewGameId();
        var created = await GrainFactory.GetGrain<IGameGrain>(gameId).Create(Me(), options);
        await AddGame(gameId);
        return created;
    }

    public async Task<GameView> JoinGame(string joinKey)
    {
        var gameId = GameKeys.GameIdOf(joinKey)
            ?? throw new GameRuleException(RuleCodes.NotFound, "There is no game with that join key.", null, PlayerId);
        var view = await GrainFactory.GetGrain<IGameGrain>(gameId).Join(joinKey, Me());
        await AddGame(gameId);
        return view;
    }

    public async Task GameFinished(string gameId, GameResult result, Color color)
    {
        if (!State.Games.Remove(gameId))
        {
            return;
        }

        var won = (result, color) is (GameResult.RedWins, Color.Red) or (GameResult.YellowWins, Color.Yellow);
        if (result == GameResult.Draw)
        {
            State.Draws++;
        }
        else if (won)
        {
            State.Wins++;
        }
        else
        {
            State.Losses++;
        }

        await _state.WriteStateAsync();
    }

    public Task<PlayerProfile> GetProfile() => Task.FromResult(Profile());

    private async Task AddGame(string gameId)
    {
        if (!State.Games.Contains(gameId))
        {
            State.Games.Add(gameId);
            await _state.WriteStateAsync();
        }

        _connections.RemoveExpired();
        await _connections.Notify((connection, _) => connection.OnEvent(new GameListed(gameId)));
    }

    private PlayerInfo Me() => new(PlayerId, State.Name);

    private PlayerProfile Profile() =>
        new(PlayerId, State.Name, State.Games.ToList(), new PlayerStats(State.Wins, State.Losses, State.Draws));

    [LoggerMessage(2100, LogLevel.Information, "Player {PlayerId} created as {Name}")]
    private partial void LogCreated(string playerId, string name);
}
