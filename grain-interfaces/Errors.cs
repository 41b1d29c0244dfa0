namespace Connect4.GrainInterfaces;

/// <summary>
/// A command refused by the rules. <see cref="Code"/> is the protocol's error code (PROTOCOL.md section 3);
/// the game, player and ply say where it happened. A refused command changed nothing.
/// </summary>
[GenerateSerializer]
[Alias("connect4.GameRuleException")]
public sealed class GameRuleException : Exception
{
    public GameRuleException(string code, string message, string? gameId = null, string? playerId = null, int? ply = null)
        : base(message)
    {
        Code = code;
        GameId = gameId;
        PlayerId = playerId;
        Ply = ply;
    }

    [Id(0)]
    public string Code { get; private set; }

    [Id(1)]
    public string? GameId { get; private set; }

    [Id(2)]
    public string? PlayerId { get; private set; }

    [Id(3)]
    public int? Ply { get; private set; }
}

/// <summary>The protocol's error codes that grains raise.</summary>
public static class RuleCodes
{
    public const string NotFound = "not-found";
    public const string GameFull = "game-full";
    public const string OwnGame = "own-game";
    public const string NotAPlayer = "not-a-player";
    public const string NotStarted = "not-started";
    public const string NotYourTurn = "not-your-turn";
    public const string BadColumn = "bad-column";
    public const string ColumnFull = "column-full";
    public const string GameOver = "game-over";
    public const string Stale = "stale";
    public const string NotAllowed = "not-allowed";
    public const string Unsupported = "unsupported";
    public const string BadRequest = "bad-request";
    public const string RateLimited = "rate-limited";
}
