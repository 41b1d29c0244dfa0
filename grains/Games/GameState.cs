using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>What a game stores. The board is not stored: it is replayed from <see cref="Moves"/>.</summary>
public sealed class GameState
{
    public bool Created { get; set; }
    public string JoinKey { get; set; } = "";
    public string WatchKey { get; set; } = "";
    public PlayerInfo? Red { get; set; }
    public PlayerInfo? Yellow { get; set; }
    public List<int> Moves { get; set; } = [];
    public GameStatus Status { get; set; }
    public GameResult? Result { get; set; }
    public EndReason? Reason { get; set; }
    public List<Cell>? Line { get; set; }
    public OpponentKind Opponent { get; set; }

    /// <summary>In a game against the bot, its level (1 to 5); its seat holds <see cref="BotInfo"/>.</summary>
    public int? BotLevel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public GameState Clone() => new()
    {
        Created = Created,
        JoinKey = JoinKey,
        WatchKey = WatchKey,
        Red = Red,
        Yellow = Yellow,
        Moves = [.. Moves],
        Status = Status,
        Result = Result,
        Reason = Reason,
        Line = Line is null ? null : [.. Line],
        Opponent = Opponent,
        BotLevel = BotLevel,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };

    /// <summary>The seat of <paramref name="playerId"/>, if it has one.</summary>
    public Color? SeatOf(string playerId) =>
        Red?.PlayerId == playerId ? Color.Red : Yellow?.PlayerId == playerId ? Color.Yellow : null;

    public PlayerInfo? Player(Color color) => color == Color.Red ? Red : Yellow;

    /// <summary>The colour the bot plays, in a game against it (derived, not stored).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Color? BotColor => BotLevel is null ? null : Red is { } r && IsBot(r) ? Color.Red : Color.Yellow;

    /// <summary>The bot's seat: a fixed pseudo player (human player ids start with 'p').</summary>
    public static PlayerInfo BotInfo(int level) => new($"bot:{level}", $"Computer (level {level})");

    public static bool IsBot(PlayerInfo player) => player.PlayerId.StartsWith("bot:", StringComparison.Ordinal);
}
