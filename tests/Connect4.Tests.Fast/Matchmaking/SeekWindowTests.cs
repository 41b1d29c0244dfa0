using Connect4.GrainInterfaces;
using Connect4.Grains.Matchmaking;

namespace Connect4.Tests.Matchmaking;

/// <summary>When two seeks may pair (PROTOCOL.md section 12), at explicit times and at every boundary.</summary>
public sealed class SeekWindowTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    internal static readonly PoolKey Blitz = new(new ClockSettings(180, 2), Rated: true);

    internal static Seek SeekOf(string playerId, int rating, double sinceSeconds = 0, PoolKey? pool = null) =>
        new($"s-{playerId}-{rating}-{sinceSeconds}", playerId, rating, pool ?? Blitz, T0.AddSeconds(sinceSeconds));

    [Theory]
    [InlineData(0, 100)]
    [InlineData(4.999, 100)]
    [InlineData(5, 150)]
    [InlineData(9.999, 150)]
    [InlineData(10, 200)]
    [InlineData(25, 350)]
    [InlineData(29.999, 350)]
    [InlineData(-1, 100)]
    public void The_window_starts_at_100_and_widens_by_50_every_whole_5_seconds(double waited, int points) =>
        Assert.Equal(points, SeekWindow.Points(TimeSpan.FromSeconds(waited)));

    [Theory]
    [InlineData(30)]
    [InlineData(3600)]
    public void From_30_seconds_on_any_difference_pairs(double waited) =>
        Assert.Null(SeekWindow.Points(TimeSpan.FromSeconds(waited)));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 0)]
    [InlineData(101, 5)]
    [InlineData(150, 5)]
    [InlineData(151, 10)]
    [InlineData(350, 25)]
    [InlineData(351, 30)]
    [InlineData(3000, 30)]
    public void Two_seeks_are_compatible_from_the_time_their_difference_fits_the_window(int gap, double fromSeconds)
    {
        var a = SeekOf("p-a", 1500);
        var b = SeekOf("p-b", 1500 + gap);

        Assert.Equal(T0.AddSeconds(fromSeconds), SeekWindow.CompatibleFrom(a, b));
        Assert.Equal(SeekWindow.CompatibleFrom(a, b), SeekWindow.CompatibleFrom(b, a));
        Assert.False(fromSeconds > 0 && SeekWindow.Compatible(a, b, T0.AddSeconds(fromSeconds).AddTicks(-1)));
        Assert.True(SeekWindow.Compatible(a, b, T0.AddSeconds(fromSeconds)));
    }

    [Fact]
    public void The_window_is_the_longer_waiting_seeks()
    {
        var early = SeekOf("p-early", 1500, sinceSeconds: 0);
        var late = SeekOf("p-late", 1650, sinceSeconds: 4);

        Assert.False(SeekWindow.Compatible(early, late, T0.AddSeconds(4.999)));
        Assert.True(SeekWindow.Compatible(late, early, T0.AddSeconds(5)), "the late seek has waited 1 s, the early one 5 s");
    }

    [Fact]
    public void One_players_own_seeks_never_pair()
    {
        var tab1 = SeekOf("p-a", 1500);
        var tab2 = SeekOf("p-a", 1500, sinceSeconds: 1);

        Assert.Null(SeekWindow.CompatibleFrom(tab1, tab2));
        Assert.False(SeekWindow.Compatible(tab1, tab2, T0.AddHours(1)));
    }

    [Theory]
    [InlineData(180, 2, false)] // the same clock, unrated
    [InlineData(180, 0, true)] // another increment
    [InlineData(60, 2, true)] // another initial time
    [InlineData(0, 0, true)] // untimed (0 stands for no clock here)
    public void Seeks_of_two_pools_never_pair(int initial, int increment, bool rated)
    {
        var other = new PoolKey(initial == 0 ? null : new ClockSettings(initial, increment), rated);
        var a = SeekOf("p-a", 1500);
        var b = SeekOf("p-b", 1500, pool: other);

        Assert.NotEqual(Blitz, other);
        Assert.Null(SeekWindow.CompatibleFrom(a, b));
    }

    [Fact]
    public void Pool_keys_with_equal_settings_are_one_pool() =>
        Assert.Equal(new PoolKey(new ClockSettings(180, 2), true), Blitz);

    [Fact]
    public void Compatible_agrees_with_the_window_for_every_gap_and_wait()
    {
        var random = new Random(14);
        for (var i = 0; i < 5_000; i++)
        {
            var gap = random.Next(0, 600);
            var waited = TimeSpan.FromMilliseconds(random.Next(0, 40_000));
            var a = SeekOf("p-a", 1500, sinceSeconds: 0);
            var b = SeekOf("p-b", 1500 - gap, sinceSeconds: random.NextDouble() * waited.TotalSeconds);

            var fits = SeekWindow.Points(waited) is not { } points || gap <= points;
            Assert.True(fits == SeekWindow.Compatible(a, b, T0 + waited), $"gap {gap}, waited {waited}");
        }
    }
}
