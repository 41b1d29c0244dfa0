using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>
/// A gateway process, as the grains see it: one observer per gateway, however many sockets it holds. A grain
/// calls it once per turn that produced events and never waits for it (<see cref="OneWayAttribute"/>); the gateway
/// routes the events to its own sockets. Orleans does not promise that separate calls arrive in order: the
/// gateway's feeds put moves back in ply order (and fetch a snapshot across a gap).
/// </summary>
public interface IGatewayObserver : IGrainObserver
{
    /// <summary>
    /// The events of one turn of a game some connections of this gateway follow, in order; every one of them gets
    /// them except <paramref name="exceptConnection"/> (0 for none), the connection whose own subscription caused them.
    /// One call per turn, since Orleans keeps no order between separate messages.
    /// </summary>
    [OneWay]
    Task OnGameEvents(IReadOnlyList<GameEvent> gameEvents, long exceptConnection);

    /// <summary>
    /// A new activation of <paramref name="gameId"/> (its silo died, or it was collected) knows this gateway followed it
    /// but not which connections: the gateway renews at once rather than at its next period.
    /// </summary>
    [OneWay]
    Task Resubscribe(string gameId);

    /// <summary>An event for every connection of <paramref name="playerId"/> on this gateway.</summary>
    [OneWay]
    Task OnPlayerEvent(string playerId, GameEvent gameEvent);
}

/// <summary>
/// One Connect 4 game, keyed by its game id. All rules are decided here. Rule violations throw
/// <see cref="GameRuleException"/>; a refused command changes nothing.
/// </summary>
/// <remarks>
/// Who follows the game is a lease per gateway: the gateway names the connections it serves (each a
/// <see cref="Follower"/>) and renews the whole list well within <c>Game:SubscriptionExpiry</c>; a gateway that stops
/// renewing (it died) drops out with its players' presence. Every list carries the gateway's version of it, so a
/// renewal overtaken by a later subscription cannot undo it.
/// </remarks>
public interface IGameGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the game with <paramref name="creator"/> seated; not-found if a game of this id exists already (the
    /// creator's player grain draws ids at random), and bad-request for a bot level other than 1 to 5.
    /// </summary>
    Task<CreatedGame> Create(PlayerInfo creator, CreateGameOptions options);

    /// <summary>Takes the free seat with a join key.</summary>
    Task<GameView> Join(string joinKey, PlayerInfo player);

    /// <summary>
    /// Adds one connection of <paramref name="gateway"/> to the game's followers and returns a snapshot for its
    /// viewer. With a watch key anyone may watch; without one only the game's players may (else not-found).
    /// </summary>
    Task<GameView> Subscribe(IGatewayObserver gateway, long version, Follower follower);

    /// <summary>Removes one connection of <paramref name="gateway"/> from the game's followers.</summary>
    Task Unsubscribe(IGatewayObserver gateway, long version, long connectionId);

    /// <summary>
    /// Renews <paramref name="gateway"/>'s lease with the whole list of its connections that follow the game
    /// (followers no longer allowed are left out). Returns the number of moves played, so the gateway can tell
    /// which connections missed an event; -1 when the game does not exist.
    /// </summary>
    Task<int> Renew(IGatewayObserver gateway, long version, IReadOnlyList<Follower> followers);

    /// <summary>
    /// Plays <paramref name="column"/> for <paramref name="playerId"/>. With <paramref name="expectedPly"/>,
    /// refuses with stale unless that many moves were played. Returns the ply after the move, once durable.
    /// </summary>
    Task<int> Play(string playerId, int column, int? expectedPly);

    /// <summary>
    /// <see cref="Play"/> for a player whose connection is on <paramref name="gateway"/>: the turn's events for that
    /// gateway's connections come back with the reply instead of in a call of their own (one message fewer a move).
    /// Every other gateway that follows the game is told as always; a refusal carries no events.
    /// </summary>
    Task<PlayedMove> PlayFrom(IGatewayObserver gateway, string playerId, int column, int? expectedPly);

    /// <summary>Resigns for <paramref name="playerId"/>.</summary>
    Task Resign(string playerId);

    /// <summary>
    /// Claims the game for <paramref name="playerId"/> when the opponent has had no connection following it for
    /// <c>Game:AbandonAfter</c>, in an untimed game between two people (else not-allowed): the claimant wins.
    /// </summary>
    Task Claim(string playerId);

    /// <summary>A snapshot as <paramref name="viewerId"/> may see it (a player of the game, or a follower).</summary>
    Task<GameView> GetView(string viewerId);

    /// <summary>
    /// The exact value of each column in the current position, or in the position after the first
    /// <paramref name="ply"/> moves (0 to the number played, else bad-request), for a finished game (anyone who may
    /// see it) or for the human of a game against the bot; otherwise not-allowed. The search runs off the game's turns.
    /// </summary>
    [AlwaysInterleave]
    [ResponseTimeout("00:00:10")]
    Task<GameAnalysis> Analyze(string playerId, int? ply = null);
}

/// <summary>A connection that follows a game: its id on its gateway, its player (or viewer) id, and its watch key if it watches.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.Follower")]
public sealed record Follower([property: Id(0)] long ConnectionId, [property: Id(1)] string ViewerId, [property: Id(2)] string? WatchKey);

/// <summary>A player: identity, name, unfinished games, record. Keyed by player id.</summary>
public interface IPlayerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers (or renews) <paramref name="gateway"/> as holding connections of this player, so it hears of every
    /// game the player creates or joins; creates the player on first use, named <paramref name="name"/> or, when
    /// null, the stored name or a guest name; returns the profile.
    /// </summary>
    Task<PlayerProfile> Connect(IGatewayObserver gateway, string? name);

    /// <summary>The gateway holds no connection of this player any more.</summary>
    Task Disconnect(IGatewayObserver gateway);

    /// <summary>Creates a game with this player seated.</summary>
    Task<CreatedGame> CreateGame(CreateGameOptions options);

    /// <summary>Joins the game that <paramref name="joinKey"/> opens.</summary>
    Task<GameView> JoinGame(string joinKey);

    /// <summary>
    /// Called by a game when it ends: the game leaves the unfinished list and the record is updated. A rated game
    /// passes its <paramref name="ratings"/>: the player applies its step once per game id, however often it is told.
    /// </summary>
    Task GameFinished(string gameId, GameResult result, Color color, GameRatings? ratings = null, GameRecord? record = null);

    /// <summary>The profile, or null for a player never created (no stored state): it reads as not-found.</summary>
    [ReadOnly]
    Task<PlayerProfile?> FindProfile();

    /// <summary>
    /// A page of the player's finished games, newest first: at most <paramref name="limit"/> entries older than the
    /// cursor <paramref name="before"/> (all when null); null for a player never created.
    /// </summary>
    [ReadOnly]
    Task<HistoryPage?> History(long? before, int limit);

    /// <summary>The player's rating now (a new player's is 1500, 350, 0.06), read by a rated game as it ends.</summary>
    [ReadOnly]
    Task<PlayerRating> GetRating();

    /// <summary>The player's profile.</summary>
    Task<PlayerProfile> GetProfile();
}
