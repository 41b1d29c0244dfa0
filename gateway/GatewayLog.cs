using Microsoft.Extensions.Logging;

namespace Connect4.Gateway;

/// <summary>The gateway's log messages, with stable event ids.</summary>
internal sealed partial class GatewayLog(ILogger<GatewayLog> logger)
{
    [LoggerMessage(3000, LogLevel.Debug, "Connection {ConnectionId} opened on {Path}")]
    public partial void ConnectionOpened(string connectionId, string path);

    [LoggerMessage(3001, LogLevel.Debug, "Connection {ConnectionId} of player {PlayerId} closed")]
    public partial void ConnectionClosed(string connectionId, string? playerId);

    [LoggerMessage(3002, LogLevel.Debug, "Connection {ConnectionId} of player {PlayerId} lost: {Reason}")]
    public partial void ConnectionLost(string connectionId, string? playerId, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Connection {ConnectionId} of player {PlayerId} closed with 1009: a message exceeded {Limit} bytes")]
    public partial void MessageTooBig(string connectionId, string? playerId, int limit);

    [LoggerMessage(3004, LogLevel.Warning, "Connection {ConnectionId} of player {PlayerId} closed with 1008: it kept flooding past the rate limit")]
    public partial void FloodingClientClosed(string connectionId, string? playerId);

    [LoggerMessage(3005, LogLevel.Warning, "Connection {ConnectionId} of player {PlayerId} closed with 1008: its send queue overflowed ({Capacity} messages at most; {QueuedBytes} bytes queued)")]
    public partial void SlowClientClosed(string connectionId, string? playerId, int capacity, int queuedBytes);

    [LoggerMessage(3006, LogLevel.Information, "Player {PlayerId} said hello on connection {ConnectionId} (resumed: {Resumed})")]
    public partial void Welcomed(string playerId, string connectionId, bool resumed);

    [LoggerMessage(3007, LogLevel.Information, "Connection {ConnectionId} was refused a resume token: {Reason}")]
    public partial void TokenRefused(string connectionId, string reason);

    [LoggerMessage(3008, LogLevel.Error, "Command {Command} of player {PlayerId} on connection {ConnectionId} failed with a bug")]
    public partial void CommandFailed(Exception exception, string command, string? playerId, string connectionId);

    [LoggerMessage(3009, LogLevel.Warning, "Command {Command} of player {PlayerId} could not be served in time: {Reason}")]
    public partial void CommandUnavailable(string command, string? playerId, string reason);

    [LoggerMessage(3010, LogLevel.Warning, "No Gateway:TokenSecret is configured: resume tokens are signed with a random key and will not survive a restart of this process")]
    public partial void RandomTokenSecret();

    [LoggerMessage(3011, LogLevel.Information, "Shutting down: closing {Count} connections with 1001")]
    public partial void Draining(int count);

    [LoggerMessage(3012, LogLevel.Information, "Connect 4 is ready: open {Url} in a browser")]
    public partial void Ready(string url);

    [LoggerMessage(3013, LogLevel.Warning, "Refused a WebSocket from origin {Origin}")]
    public partial void OriginRefused(string origin);

    [LoggerMessage(3014, LogLevel.Warning, "Connection {ConnectionId} of player {PlayerId} could not {Work} game {GameId}: {Reason}")]
    public partial void BackgroundWorkRefused(string connectionId, string? playerId, string work, string gameId, string reason);

    [LoggerMessage(3017, LogLevel.Error, "Connection {ConnectionId} of player {PlayerId} failed with a bug to {Work} game {GameId}")]
    public partial void BackgroundWorkFailed(Exception exception, string work, string gameId, string? playerId, string connectionId);

    [LoggerMessage(3016, LogLevel.Error, "Connection {ConnectionId} of player {PlayerId} failed on a message with a bug and was closed with 1011")]
    public partial void SessionFailed(Exception exception, string connectionId, string? playerId);

    [LoggerMessage(3015, LogLevel.Information, "Connection {ConnectionId} of player {PlayerId} broke the WebSocket protocol and was closed: {Reason}")]
    public partial void ProtocolViolation(string connectionId, string? playerId, string reason);
}
