using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// What a game stores. The board is not stored: it is replayed from <see cref="Moves"/>. Immutable: a decision makes a
/// new state with <c>with</c>, so a write that fails leaves the previous state object whole.
/// </summary>
/// <remarks>
/// Stored as JSON (System.Text.Json) and with Orleans' serializer: the property names and <c>[Id]</c>s are the stored
/// shape of existing games; keep them.
/// </remarks>
[GenerateSerializer]
[Alias("connect4.GameState")]
public sealed record GameState
{
    [Id(0)]
    public bool Created { get; init; }
    [Id(1)]
    public string JoinKey { get; init; } = "";
    [Id(2)]
    public string WatchKey { get; init; } = "";
    [Id(3)]
    public PlayerInfo? Red { get; init; }
    [Id(4)]
    public PlayerInfo? Yellow { get; init; }
    [Id(5)]
    public ImmutableList<int> Moves { get; init; } = [];
    [Id(6)]
    public GameStatus Status { get; init; }
    [Id(7)]
    public GameResult? Result { get; init; }
    [Id(8)]
    public EndReason? Reason { get; init; }
    [Id(9)]
    public ImmutableList<Cell>? Line { get; init; }
    [Id(10)]
    public OpponentKind Opponent { get; init; }

    /// <summary>In a game against the bot, its level (1 to 5); its seat holds <see cref="BotInfo"/>.</summary>
    [Id(11)]
    public int? BotLevel { get; init; }
    [Id(12)]
    public DateTimeOffset CreatedAt { get; init; }
    [Id(13)]
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// The gateways that followed the game at its last write (their observers' grain ids), so the next activation,
    /// wherever it is (after a silo's death too), goes on telling them of moves before their next renewal. Kept by
    /// the grain as it writes; the rules neither read nor change it.
    /// </summary>
    [Id(14)]
    public ImmutableList<string> Gateways { get; init; } = [];

    // Rematch and chat (PROTOCOL.md sections 10 and 11) take ids from 30, clear of the core's.

    /// <summary>What the game was created with, so that a rematch starts with the same; null in games stored before it was kept.</summary>
    [Id(30)]
    public CreateGameOptions? Options { get; init; }

    /// <summary>A finished game's rematch offer, or its new game; null when there is neither.</summary>
    [Id(31)]
    public RematchState? Rematch { get; init; }

    /// <summary>The game this one is the rematch of, which made it: making it again with the same seed changes nothing.</summary>
    [Id(32)]
    public string? RematchOf { get; init; }

    /// <summary>The chat; null until the first line.</summary>
    [Id(33)]
    public ChatLog? Chat { get; init; }

    /// <summary>A timed game's clock settings; null for an untimed game (and for games stored before clocks).</summary>
    [Id(15)]
    public ClockSettings? Clock { get; init; }

    /// <summary>
    /// Red's time left in milliseconds: while red's clock runs, as it was at <see cref="ClockSince"/>; otherwise as its
    /// clock last stopped. (So a new activation, after a silo's death too, knows the deadline.)
    /// </summary>
    [Id(16)]
    public long RedMs { get; init; }

    /// <summary>Yellow's time left in milliseconds, as <see cref="RedMs"/> is red's.</summary>
    [Id(17)]
    public long YellowMs { get; init; }

    /// <summary>When the running clock (the player to move's) started; null while no clock runs.</summary>
    [Id(18)]
    public DateTimeOffset? ClockSince { get; init; }

    // Ratings (PROTOCOL.md section 13) take ids from 40.

    /// <summary>
    /// A rated game's ratings, computed as it ended from both players' ratings read then, and stored with its end:
    /// what the <c>over</c> event tells and what the players apply. Null for unrated and unfinished games.
    /// </summary>
    [Id(40)]
    public GameRatings? Ratings { get; init; }

    /// <summary>Whether both players acknowledged the end of a rated game (its ratings applied); until then the game retries.</summary>
    [Id(41)]
    public bool PlayersTold { get; init; }

    /// <summary>Whether the game was created rated.</summary>
    [JsonIgnore]
    public bool Rated => Options?.Rated == true;

    /// <summary>The seat of <paramref name="playerId"/>, if it has one.</summary>
    public Color? SeatOf(string playerId) =>
        Red?.PlayerId == playerId ? Color.Red : Yellow?.PlayerId == playerId ? Color.Yellow : null;

    public PlayerInfo? Player(Color color) => color == Color.Red ? Red : Yellow;

    /// <summary>The colour the bot plays, in a game against it (derived, not stored).</summary>
    [JsonIgnore]
    public Color? BotColor => BotLevel is null ? null : Red is { } r && IsBot(r) ? Color.Red : Color.Yellow;

    /// <summary>The bot's seat: a fixed pseudo player (human player ids start with 'p').</summary>
    public static PlayerInfo BotInfo(int level) => new($"bot:{level}", $"Computer (level {level})");

    public static bool IsBot(PlayerInfo player) => player.PlayerId.StartsWith("bot:", StringComparison.Ordinal);
}
