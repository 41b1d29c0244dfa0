using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// A client's command, its fields read and checked (PROTOCOL.md section 3): what a handler gets, whatever dialect the
/// client speaks. <see cref="Rid"/> is echoed in the reply; null when the command had none (and in the tutorial dialect).
/// </summary>
internal abstract record Command(JsonElement? Rid);

/// <param name="Name">Trimmed and checked (<see cref="PlayerNames"/>); null when none was given.</param>
internal sealed record HelloCommand(JsonElement? Rid, string? Name, string? Token) : Command(Rid);

/// <param name="Level">As the client sent it (1 to 5), or null.</param>
/// <param name="Clock">In range (PROTOCOL.md section 9), or null for an untimed game.</param>
internal sealed record CreateCommand(JsonElement? Rid, OpponentKind Opponent, ColorChoice Color, int? Level, ClockSettings? Clock = null, bool Rated = false, bool Public = false) : Command(Rid);

/// <param name="JoinKey">Of the form keys have (it names a game id).</param>
internal sealed record JoinCommand(JsonElement? Rid, string JoinKey) : Command(Rid);

/// <param name="WatchKey">The key it watches by, or null when it watches by <paramref name="GameId"/> alone.</param>
internal sealed record WatchCommand(JsonElement? Rid, string GameId, string? WatchKey) : Command(Rid);

internal sealed record UnwatchCommand(JsonElement? Rid, string GameId) : Command(Rid);

/// <param name="Ply">The count of moves the client has seen, or null to play whatever the count.</param>
internal sealed record PlayCommand(JsonElement? Rid, string GameId, int Column, int? Ply) : Command(Rid);

internal sealed record ResignCommand(JsonElement? Rid, string GameId) : Command(Rid);

internal sealed record StateCommand(JsonElement? Rid, string GameId) : Command(Rid);

internal sealed record PingCommand(JsonElement? Rid) : Command(Rid);

/// <param name="Ply">The position after that many moves, or null for the current one.</param>
internal sealed record AnalyzeCommand(JsonElement? Rid, string GameId, int? Ply) : Command(Rid);

internal sealed record ClaimCommand(JsonElement? Rid, string GameId) : Command(Rid);
