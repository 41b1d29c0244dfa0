using System.Text.Json;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>
/// The native protocol's clocks (PROTOCOL.md section 9): reading <c>create</c>'s <c>clock</c>, and writing the clock
/// fields of the <c>game</c> snapshot, the <c>move</c> event and the <c>presence</c> event.
/// </summary>
internal static class NativeClock
{
    /// <summary>
    /// <c>{"initial": S, "increment": I}</c>, whole seconds: S 15 to 3600, I 0 to 60, else bad-request. An absent
    /// <c>increment</c> is 0.
    /// </summary>
    public static ClockSettings Settings(CommandReader clock)
    {
        var settings = new ClockSettings(clock.RequiredInt("initial"), clock.OptionalInt("increment") ?? 0);
        return settings.IsValid ? settings : throw new ProtocolException(ErrorCodes.BadRequest, ClockSettings.Rule);
    }

    /// <summary>A snapshot's <c>"clock"</c>: null for an untimed game.</summary>
    public static void WriteView(Utf8JsonWriter w, ClockView? clock)
    {
        if (clock is null)
        {
            w.WriteNull("clock");
            return;
        }

        w.WriteStartObject("clock");
        w.WriteNumber("initial", clock.Settings.Initial);
        w.WriteNumber("increment", clock.Settings.Increment);
        w.WriteNumber("red", clock.Red);
        w.WriteNumber("yellow", clock.Yellow);
        if (clock.Running is { } running)
        {
            w.WriteString("running", NativeMessages.Name(running));
        }
        else
        {
            w.WriteNull("running");
        }

        w.WriteString("at", clock.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    /// <summary>A move's <c>"clock"</c>, in a timed game only (an untimed game's moves are as in version 1).</summary>
    public static void WriteMove(Utf8JsonWriter w, MoveClock? clock)
    {
        if (clock is null)
        {
            return;
        }

        w.WriteStartObject("clock");
        w.WriteNumber("red", clock.Red);
        w.WriteNumber("yellow", clock.Yellow);
        w.WriteEndObject();
    }

    /// <summary>A presence event's <c>"claimableIn"</c>, when a player of an untimed human game goes offline.</summary>
    public static void WriteClaimableIn(Utf8JsonWriter w, long? claimableIn)
    {
        if (claimableIn is { } ms)
        {
            w.WriteNumber("claimableIn", ms);
        }
    }
}
