using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Native;

/// <summary>The native protocol's <c>claim</c> (PROTOCOL.md section 9): a game abandoned by the opponent, won.</summary>
internal sealed partial class NativeSession
{
    private async Task ClaimAsync(ClaimCommand claim)
    {
        await _core.ClaimAsync(claim.GameId);
        _core.Send(NativeReplies.ForGame("claimed", claim.Rid, claim.GameId));
    }
}
