using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

// The commands of PROTOCOL.md section 12 (quick play), beside those of Commands.cs.

/// <param name="Clock">Null: untimed. Checked as create's clock is.</param>
internal sealed record SeekCommand(JsonElement? Rid, ClockSettings? Clock, bool Rated) : Command(Rid);

internal sealed record UnseekCommand(JsonElement? Rid, string SeekId) : Command(Rid);
