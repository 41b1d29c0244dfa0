using Connect4.Runtime;

namespace Connect4.GrainInterfaces;

/// <summary>
/// Receives the events of the games a connection follows. The gateway makes one per connection.
/// Events of one game arrive in the order the game produced them.
/// </summary>
public interface IGameObserver : IGrainObserver
{
    Task OnEvent(GameEvent gameEvent);
}

/// <summary>
/// One Connect 4 game, keyed by its game id. All rules are decided here. Rule violations throw
/// <see cref="GameRuleException"/>; a refused command changes nothing.
/// </summary>
public interface IGameGrain : IGrainWithStringKey
{
    /// <summary>Creates the game with <paramref name="creator"/> seated; fails with not-found if it exists.</summary>
    Task<CreatedGame> Create(PlayerInfo creator, CreateGameOptions options);

    /// <summary>Takes the free seat with a join key.</summary>
    Task<GameView> Join(string joinKey, PlayerInfo player);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to this game's events and returns a snapshot for
    /// <paramref name="viewerId"/>. With <paramref name="watchKey"/> anyone may watch; without it only
    /// the game's players may. Subscribing again renews the subscription.
    /// </summary>
    Task<GameView> Subscribe(IGameObserver observer, string viewerId, string? watchKey);

    /// <summary>Ends a subscription; false when there was none.</summary>
    Task<bool> Unsubscribe(IGameObserver observer);

    /// <summary>
    /// Plays <paramref name="column"/> for <paramref name="playerId"/>. With <paramref name="expectedPly"/>,
    /// refuses with stale unless that many moves were played. Returns the ply after the move, once durable.
    /// </summary>
    Task<int> Play(string playerId, int column, int? expectedPly);

    /// <summary>Resigns for <paramref name="playerId"/>.</summary>
    Task Resign(string playerId);

    /// <summary>A snapshot as <paramref name="viewerId"/> may see it.</summary>
    Task<GameView> GetView(string viewerId);

    /// <summary>
    /// The exact value of each column in the current position, or in the position after the first
    /// <paramref name="ply"/> moves (0 to the number played, else bad-request), for a finished game (anyone who may
    /// see it) or for the human of a game against the bot; otherwise not-allowed. The search runs off the game's turns.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:10")]
    Task<GameAnalysis> Analyze(string playerId, int? ply = null);

    /// <summary>
    /// For internal use by the game itself: plays the bot's answer <paramref name="column"/>, chosen at
    /// <paramref name="ply"/>; does nothing when the game has moved on since (or ended).
    /// </summary>
    Task PlayBotMove(int ply, int column);
}

/// <summary>A player: identity, name, unfinished games, record. Keyed by player id.</summary>
public interface IPlayerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers a connection of this player, whose observer then hears of every game the player creates or
    /// joins (creating the player on first use, named <paramref name="name"/> or, when null, the stored name
    /// or a guest name) and returns the profile. Connecting again renews the registration.
    /// </summary>
    Task<PlayerProfile> Connect(IGameObserver observer, string? name);

    /// <summary>Forgets a connection.</summary>
    Task Disconnect(IGameObserver observer);

    /// <summary>Creates a game with this player seated.</summary>
    Task<CreatedGame> CreateGame(CreateGameOptions options);

    /// <summary>Joins the game that <paramref name="joinKey"/> opens.</summary>
    Task<GameView> JoinGame(string joinKey);

    /// <summary>Called by a game when it ends: the game leaves the unfinished list and the record is updated.</summary>
    Task GameFinished(string gameId, GameResult result, Color color);

    /// <summary>The player's profile.</summary>
    Task<PlayerProfile> GetProfile();
}
