using System.Text.Json;

namespace Connect4.Gateway.Sessions;

// The commands of PROTOCOL.md sections 10 (rematch) and 11 (chat), beside those of Commands.cs.

internal sealed record RematchCommand(JsonElement? Rid, string GameId) : Command(Rid);

internal sealed record DeclineRematchCommand(JsonElement? Rid, string GameId) : Command(Rid);

/// <param name="Text">Trimmed and checked (<see cref="GrainInterfaces.ChatText"/>).</param>
internal sealed record SayCommand(JsonElement? Rid, string GameId, string Text) : Command(Rid);
