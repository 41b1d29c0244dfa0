using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Native;

/// <summary>Reading the commands of quick play (PROTOCOL.md section 12).</summary>
internal static partial class NativeCommands
{
    public static SeekCommand Seek(CommandReader r) =>
        new(r.Rid, r.OptionalObject("clock", NativeClock.Settings), r.OptionalBool("rated") ?? true);

    public static UnseekCommand Unseek(CommandReader r) => new(r.Rid, r.RequiredString("seekId"));
}
