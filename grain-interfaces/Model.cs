using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>A disc colour. Red always moves first.</summary>
[GenerateSerializer]
[Alias("connect4.Color")]
public enum Color
{
    Red,
    Yellow,
}

/// <summary>Where a game is in its life.</summary>
[GenerateSerializer]
[Alias("connect4.GameStatus")]
public enum GameStatus
{
    /// <summary>Created; a seat is free.</summary>
    Waiting,
    /// <summary>Both seats taken; moves are being played.</summary>
    Playing,
    /// <summary>Finished; <see cref="GameView.Result"/> says how.</summary>
    Over,
}

/// <summary>How a game ended.</summary>
[GenerateSerializer]
[Alias("connect4.GameResult")]
public enum GameResult
{
    RedWins,
    YellowWins,
    Draw,
}

/// <summary>Why a game ended.</summary>
[GenerateSerializer]
[Alias("connect4.EndReason")]
public enum EndReason
{
    /// <summary>A player connected four.</summary>
    Four,
    /// <summary>The board filled with no four.</summary>
    Full,
    /// <summary>A player resigned.</summary>
    Resign,
    /// <summary>The player to move ran out of time (PROTOCOL.md section 9).</summary>
    Timeout,
    /// <summary>The other player claimed the game after this one had been away for <c>Game:AbandonAfter</c>.</summary>
    Abandoned,
}

/// <summary>Who the creator of a game plays against.</summary>
[GenerateSerializer]
[Alias("connect4.OpponentKind")]
public enum OpponentKind
{
    Human,
    Bot,
}

/// <summary>The colour a creator asks for.</summary>
[GenerateSerializer]
[Alias("connect4.ColorChoice")]
public enum ColorChoice
{
    Red,
    Yellow,
    Random,
}

/// <summary>How a viewer relates to a game.</summary>
[GenerateSerializer]
[Alias("connect4.ViewerRole")]
public enum ViewerRole
{
    Red,
    Yellow,
    Spectator,
}

/// <summary>A player as others see it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PlayerInfo")]
public sealed record PlayerInfo([property: Id(0)] string PlayerId, [property: Id(1)] string Name, [property: Id(10)] RatingValue? Rating = null);

/// <summary>A taken seat of a game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.Seat")]
public sealed record Seat([property: Id(0)] string PlayerId, [property: Id(1)] string Name, [property: Id(2)] bool Online, [property: Id(10)] RatingValue? Rating = null);

/// <summary>A board cell: column 0 to 6 from the left, row 0 to 5 from the bottom.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.Cell")]
public readonly record struct Cell([property: Id(0)] int Column, [property: Id(1)] int Row);

/// <summary>What <c>create</c> asks for. <see cref="Clock"/> is null for an untimed game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.CreateGameOptions")]
public sealed record CreateGameOptions(
    [property: Id(0)] OpponentKind Opponent = OpponentKind.Human,
    [property: Id(1)] ColorChoice Color = ColorChoice.Red,
    [property: Id(2)] int? Level = null,
    [property: Id(3)] ClockSettings? Clock = null,
    [property: Id(4)] bool Public = false,
    [property: Id(10)] bool Rated = false);

/// <summary>The keys of a new game. Both are capabilities: knowing one is the only way to join or watch.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.CreatedGame")]
public sealed record CreatedGame([property: Id(0)] string GameId, [property: Id(1)] string JoinKey, [property: Id(2)] string WatchKey);

/// <summary>
/// A move played (<see cref="IGameGrain.PlayFrom"/>): the game's ply after it, once durable, and the turn's events for
/// the connections of the gateway that asked (none when that gateway follows nothing of the game).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PlayedMove")]
public sealed record PlayedMove([property: Id(0)] int Ply, [property: Id(1)] IReadOnlyList<GameEvent> Events);

/// <summary>A full snapshot of a game as one viewer may see it.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameView")]
public sealed record GameView(
    [property: Id(0)] string GameId,
    [property: Id(1)] ViewerRole You,
    [property: Id(2)] Seat? Red,
    [property: Id(3)] Seat? Yellow,
    [property: Id(4)] IReadOnlyList<int> Moves,
    [property: Id(5)] Color? Turn,
    [property: Id(6)] GameStatus Status,
    [property: Id(7)] GameResult? Result,
    [property: Id(8)] EndReason? Reason,
    [property: Id(9)] IReadOnlyList<Cell>? Line,
    [property: Id(10)] int Spectators,
    [property: Id(11)] string? JoinKey,
    [property: Id(12)] string WatchKey,
    [property: Id(13)] ClockView? Clock = null)
{
    /// <summary>Moves played so far.</summary>
    [JsonIgnore]
    public int Ply => Moves.Count;

    /// <summary>A finished game's rematch: a live offer or the new game; null when neither (section 10).</summary>
    [Id(30)]
    public RematchView? Rematch { get; init; }

    /// <summary>The last lines of the chat room this viewer may read, oldest first (section 11).</summary>
    [Id(31)]
    public IReadOnlyList<ChatLine> Chat { get; init; } = [];
}

/// <summary>What a player is and has: sent on every connect.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PlayerProfile")]
public sealed record PlayerProfile([property: Id(0)] string PlayerId, [property: Id(1)] string Name, [property: Id(2)] IReadOnlyList<string> Games, [property: Id(3)] PlayerStats Stats, [property: Id(10)] PlayerRating? Rating = null);

/// <summary>A player's record over finished games.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PlayerStats")]
public sealed record PlayerStats([property: Id(0)] int Wins, [property: Id(1)] int Losses, [property: Id(2)] int Draws);

/// <summary>
/// The analysis of a game's current position: for each column the exact score, for the player to move, of playing
/// it (null for a full column or one not solved within the budget), and the columns with the top score.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameAnalysis")]
public sealed record GameAnalysis([property: Id(0)] string GameId, [property: Id(1)] int Ply, [property: Id(2)] IReadOnlyList<int?> Scores, [property: Id(3)] IReadOnlyList<int> Best);
