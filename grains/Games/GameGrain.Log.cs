using Connect4.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Games;

/// <summary>The game grain's log events (2000 to 2005 the game's life and clock, 2210 and 2211 the bot's moves).</summary>
public sealed partial class GameGrain
{
    [LoggerMessage(2000, LogLevel.Information, "Game {GameId} created by {PlayerId} playing {Color}")]
    private partial void LogCreated(string gameId, string playerId, Color color);

    [LoggerMessage(2001, LogLevel.Information, "Game {GameId} joined by {PlayerId} playing {Color}")]
    private partial void LogJoined(string gameId, string playerId, Color color);

    [LoggerMessage(2002, LogLevel.Information, "Game {GameId} over: {Result} by {Reason} after {Ply} moves")]
    private partial void LogOver(string gameId, GameResult result, EndReason reason, int ply);

    [LoggerMessage(2003, LogLevel.Information, "Game {GameId} dropped {Count} gateways whose lease lapsed")]
    private partial void LogDropped(string gameId, int count);

    [LoggerMessage(2004, LogLevel.Warning, "Game {GameId}: the end by timeout could not be stored ({Reason}); trying again")]
    private partial void LogTimeoutNotStored(string gameId, string reason);

    [LoggerMessage(2005, LogLevel.Warning, "Game {GameId}: the clock's reminder could not be {Change} ({Reason}); trying again")]
    private partial void LogReminderFailed(string gameId, string change, string reason);

    [LoggerMessage(2210, LogLevel.Warning, "Game {GameId}: the bot's move at ply {Ply} failed: {Reason}")]
    private partial void LogBotMoveFailed(string gameId, int ply, string reason);

    [LoggerMessage(2211, LogLevel.Debug, "Game {GameId}: a bot move chosen at ply {Ply} came after the game moved on (ply {Now}); ignored")]
    private partial void LogLateBotMove(string gameId, int ply, int now);
}
