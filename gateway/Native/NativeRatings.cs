using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Native;

/// <summary>The native dialect's rating fields (PROTOCOL.md section 13).</summary>
internal static class NativeRatings
{
    /// <summary>A player object's <c>rating</c> (rounded) and <c>provisional</c>; a player with no rating read yet shows as new.</summary>
    public static void WritePlayer(Utf8JsonWriter w, RatingValue? rating)
    {
        var value = rating ?? RatingValue.New;
        w.WriteNumber("rating", value.Rounded);
        w.WriteBoolean("provisional", value.Provisional);
    }

    /// <summary>An <c>over</c> event's <c>ratings</c>, in a rated game only.</summary>
    public static void WriteOver(Utf8JsonWriter w, GameRatings? ratings)
    {
        if (ratings is null)
        {
            return;
        }

        w.WriteStartObject("ratings");
        WriteStep(w, "red", ratings.Red);
        WriteStep(w, "yellow", ratings.Yellow);
        w.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter w, string color, RatingStep step)
    {
        w.WriteStartObject(color);
        w.WriteNumber("before", step.Before.Rounded);
        w.WriteNumber("after", step.After.Rounded);
        w.WriteEndObject();
    }
}
