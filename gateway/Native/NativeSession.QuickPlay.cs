using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Native;

/// <summary>The handlers of quick play (PROTOCOL.md section 12). Pairing reaches the connection as a player event (SessionCore.QuickPlay.cs).</summary>
internal sealed partial class NativeSession
{
    private async Task SeekAsync(SeekCommand seek)
    {
        var seekId = await _core.SeekAsync(seek.Clock, seek.Rated);
        _core.Send(NativeQuickPlayMessages.Seeking(seek.Rid, seekId));
    }

    private async Task UnseekAsync(UnseekCommand unseek)
    {
        await _core.UnseekAsync(unseek.SeekId);
        _core.Send(NativeQuickPlayMessages.Unseeked(unseek.Rid, unseek.SeekId));
    }
}
