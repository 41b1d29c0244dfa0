using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>What a game stores. The board is not stored: it is replayed from <see cref="Moves"/>.</summary>
[GenerateSerializer]
[Alias("connect4.GameState")]
public sealed class GameState
{
    [Id(0)]
    public bool Created { get; set; }
    [Id(1)]
    public string JoinKey { get; set; } = "";
    [Id(2)]
    public string WatchKey { get; set; } = "";
    [Id(3)]
    public PlayerInfo? Red { get; set; }
    [Id(4)]
    public PlayerInfo? Yellow { get; set; }
    [Id(5)]
    public List<int> Moves { get; set; } = [];
    [Id(6)]
    public GameStatus Status { get; set; }
    [Id(7)]
    public GameResult? Result { get; set; }
    [Id(8)]
    public EndReason? Reason { get; set; }
    [Id(9)]
    public List<Cell>? Line { get; set; }
    [Id(10)]
    public OpponentKind Opponent { get; set; }

    /// <summary>In a game against the bot, its level (1 to 5); its seat holds <see cref="BotInfo"/>.</summary>
    [Id(11)]
    public int? BotLevel { get; set; }
    [Id(12)]
    public DateTimeOffset CreatedAt { get; set; }
    [Id(13)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The gateways that followed the game at its last write (their observers' grain ids), so the next activation,
    /// wherever it is (after a silo's death too), goes on telling them of moves before their next renewal.
    /// </summary>
    [Id(14)]
    public List<string> Gateways { get; set; } = [];

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
        Gateways = [.. Gateways],
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
