using System.Text.Json.Serialization;

namespace Connect4.GrainInterfaces;

/// <summary>A disc colour. Red always moves first.</summary>
public enum Color
{
    Red,
    Yellow,
}

/// <summary>Where a game is in its life.</summary>
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
public enum GameResult
{
    RedWins,
    YellowWins,
    Draw,
}

/// <summary>Why a game ended.</summary>
public enum EndReason
{
    /// <summary>A player connected four.</summary>
    Four,
    /// <summary>The board filled with no four.</summary>
    Full,
    /// <summary>A player resigned.</summary>
    Resign,
    Timeout,
    Abandoned,
}

/// <summary>Who the creator of a game plays against.</summary>
public enum OpponentKind
{
    Human,
    Bot,
}

/// <summary>The colour a creator asks for.</summary>
public enum ColorChoice
{
    Red,
    Yellow,
    Random,
}

/// <summary>How a viewer relates to a game.</summary>
public enum ViewerRole
{
    Red,
    Yellow,
    Spectator,
}

/// <summary>A player as others see it.</summary>
public sealed record PlayerInfo(string PlayerId, string Name);

/// <summary>A taken seat of a game.</summary>
public sealed record Seat(string PlayerId, string Name, bool Online);

/// <summary>A board cell: column 0 to 6 from the left, row 0 to 5 from the bottom.</summary>
public readonly record struct Cell(int Column, int Row);

/// <summary>What <c>create</c> asks for.</summary>
public sealed record CreateGameOptions(OpponentKind Opponent = OpponentKind.Human, ColorChoice Color = ColorChoice.Red, int? Level = null);

/// <summary>The keys of a new game. Both are capabilities: knowing one is the only way to join or watch.</summary>
public sealed record CreatedGame(string GameId, string JoinKey, string WatchKey);

/// <summary>A full snapshot of a game as one viewer may see it.</summary>
public sealed record GameView(
    string GameId,
    ViewerRole You,
    Seat? Red,
    Seat? Yellow,
    IReadOnlyList<int> Moves,
    Color? Turn,
    GameStatus Status,
    GameResult? Result,
    EndReason? Reason,
    IReadOnlyList<Cell>? Line,
    int Spectators,
    string? JoinKey,
    string WatchKey)
{
    /// <summary>Moves played so far.</summary>
    [JsonIgnore]
    public int Ply => Moves.Count;
}

/// <summary>What a player is and has: sent on every connect.</summary>
public sealed record PlayerProfile(string PlayerId, string Name, IReadOnlyList<string> Games, PlayerStats Stats);

/// <summary>A player's record over finished games.</summary>
public sealed record PlayerStats(int Wins, int Losses, int Draws);

/// <summary>
/// The analysis of a game's current position: for each column the exact score, for the player to move, of playing
/// it (null for a full column or one not solved within the budget), and the columns with the top score.
/// </summary>
public sealed record GameAnalysis(string GameId, int Ply, IReadOnlyList<int?> Scores, IReadOnlyList<int> Best);
