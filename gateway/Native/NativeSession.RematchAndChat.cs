using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The handlers of rematch and chat (PROTOCOL.md sections 10 and 11).</summary>
internal sealed partial class NativeSession
{
    private async Task RematchAsync(RematchCommand rematch)
    {
        var outcome = await _core.RematchAsync(rematch.GameId);
        _core.Send(NativeRematchAndChatMessages.Rematch(rematch.Rid, outcome));
        if (outcome.NewGameId is { } newGameId)
        {
            // This connection is told as every other connection of both players is, then follows the new game.
            var started = NativeRematchAndChatMessages.Event(new RematchStarted(rematch.GameId, newGameId));
            try
            {
                await _core.FollowRematchLockedAsync(rematch.GameId, newGameId, started);
            }
            catch (Exception e) when (!Errors.Classify(e).IsBug)
            {
                // The command was answered: a second reply would break "one reply per command". The player grain's
                // RematchStarted, which waits for this command to end, follows the new game here again.
                _log.BackgroundWorkRefused(_core.ConnectionId, _core.PlayerId, "follow the rematch of", rematch.GameId, e.Message);
            }
        }
    }

    private async Task DeclineRematchAsync(DeclineRematchCommand decline)
    {
        await _core.DeclineRematchAsync(decline.GameId);
        _core.Send(NativeReplies.ForGame("rematch-declined", decline.Rid, decline.GameId));
    }

    private async Task SayAsync(SayCommand say)
    {
        await _core.SayAsync(say.GameId, say.Text);
        _core.Send(NativeReplies.ForGame("said", say.Rid, say.GameId));
    }
}
