using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>Reading the commands of rematch and chat (PROTOCOL.md sections 10 and 11).</summary>
internal static partial class NativeCommands
{
    public static RematchCommand Rematch(CommandReader r) => new(r.Rid, r.GameId());

    public static DeclineRematchCommand DeclineRematch(CommandReader r) => new(r.Rid, r.GameId());

    /// <summary>A line of chat: its text trimmed and checked here, so a text the game would refuse costs it no call.</summary>
    public static SayCommand Say(CommandReader r)
    {
        var gameId = r.GameId();
        var text = r.OptionalString("text") ?? throw new ProtocolException(ErrorCodes.BadRequest, "'text' is required.");
        return new SayCommand(r.Rid, gameId, ChatText.Normalize(text) ?? throw new ProtocolException(ErrorCodes.BadRequest,
            $"text must be 1 to {ChatText.MaxLength} characters after trimming, with no control characters."));
    }
}
