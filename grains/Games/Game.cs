using System.Security.Cryptography;
using System.Text;
using Connect4.Engine.Rules;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// The rules of one game, with no host: every command (<see cref="Create"/>, <see cref="Join"/>, <see cref="Play"/>,
/// <see cref="Resign"/>, <see cref="PlayBot"/>) takes the current time and returns a <see cref="Decision"/>: a new
/// game and the events to tell, or a refusal. Immutable: a game is never changed, only replaced by the next one, so
/// whoever holds one (its grain between writes, an analysis running beside the turns) holds a consistent whole.
/// </summary>
public sealed partial class Game
{
    private Game(string id, GameState state, Board board)
    {
        Id = id;
        State = state;
        Board = board;
    }

    /// <summary>Game <paramref name="id"/> as stored; a game not created yet when <paramref name="state"/> is a new one.</summary>
    public static Game Load(string id, GameState state) => new(id, state, Board.FromMoves(state.Moves));

    public string Id { get; }

    public GameState State { get; }

    /// <summary>The position after <see cref="GameState.Moves"/>.</summary>
    public Board Board { get; }

    /// <summary>Whether the game was created (a grain of any id exists; the game behind it may not).</summary>
    public bool Exists => State.Created;

    /// <summary>The number of moves played.</summary>
    public int Ply => Board.Ply;

    public GameStatus Status => State.Status;

    /// <summary>The keys of the game, as its creator is told them.</summary>
    public CreatedGame Keys => new(Id, State.JoinKey, State.WatchKey);

    /// <summary>The colour to move while the game is being played; null before and after.</summary>
    public Color? Turn => Status == GameStatus.Playing ? Board.ToMove.ToColor() : null;

    /// <summary>The bot's level when the bot is to move now, else null: the grain then asks the bot for a move.</summary>
    public int? BotLevelToMove => Exists && Turn is { } turn && turn == State.BotColor ? State.BotLevel : null;

    /// <summary>The refusal of whoever the game does not know, or a game that does not exist: the two read the same.</summary>
    public GameRuleException NotFound(string playerId) => new(RuleCodes.NotFound, "There is no such game.", Id, playerId);

    /// <summary>A refusal of a command in a game under way, which names the ply it was refused at.</summary>
    private GameRuleException Refusal(string code, string message, string playerId) => new(code, message, Id, playerId, Ply);

    private Decision Refuse(GameRuleException refusal) => Decision.Refused(this, refusal);

    private Decision Accept(GameState state, Board board, DateTimeOffset now, params IReadOnlyList<GameEvent> events) =>
        Decision.Accepted(new Game(Id, state with { UpdatedAt = now }, board), events);

    /// <summary>Compares a key in time that does not depend on where it differs: keys are capabilities.</summary>
    private static bool SameKey(string given, string key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
}
