namespace Connect4.Grains.Matchmaking;

/// <summary>
/// When two seeks may pair (PROTOCOL.md section 12): their ratings differ by no more than a window that starts at 100
/// points and widens by 50 for every whole 5 s the longer-waiting of the two has waited; from 30 s on, any two seeks of
/// the pool pair. Never two seeks of one player, nor of two pools.
/// </summary>
public static class SeekWindow
{
    public const int InitialPoints = 100;

    public const int WideningPoints = 50;

    public static readonly TimeSpan WidensEvery = TimeSpan.FromSeconds(5);

    /// <summary>From this wait on, the ratings do not matter.</summary>
    public static readonly TimeSpan AnyRatingAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest rating difference that pairs after <paramref name="waited"/>; null from <see cref="AnyRatingAfter"/>
    /// on, when any difference does. The windows step: 100 until 5 s, 150 from 5 s, ..., 350 from 25 s.
    /// </summary>
    public static int? Points(TimeSpan waited) => waited >= AnyRatingAfter
        ? null
        : InitialPoints + WideningPoints * (int)(Math.Max(0, waited.Ticks) / WidensEvery.Ticks);

    /// <summary>
    /// The moment from which <paramref name="a"/> and <paramref name="b"/> may pair, and stay able to (the window only
    /// widens); null when they never may: one player's own seeks, or seeks of two pools. Equivalent to
    /// <see cref="Points"/> applied to the longer wait, solved for the time, so a grain can set its timer to it.
    /// </summary>
    public static DateTimeOffset? CompatibleFrom(Seek a, Seek b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (string.Equals(a.PlayerId, b.PlayerId, StringComparison.Ordinal) || a.Pool != b.Pool)
        {
            return null;
        }

        var longerWaitingSince = a.Since <= b.Since ? a.Since : b.Since;
        var gap = Math.Abs((long)a.Rating - b.Rating);
        if (gap <= InitialPoints)
        {
            return longerWaitingSince;
        }

        var widenings = (gap - InitialPoints + WideningPoints - 1) / WideningPoints; // rounded up
        return longerWaitingSince + TimeSpan.FromTicks(Math.Min(widenings * WidensEvery.Ticks, AnyRatingAfter.Ticks));
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> may pair at <paramref name="now"/>.</summary>
    public static bool Compatible(Seek a, Seek b, DateTimeOffset now) => CompatibleFrom(a, b) is { } from && now >= from;
}
