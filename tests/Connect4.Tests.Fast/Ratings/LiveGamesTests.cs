using Connect4.GrainInterfaces;
using Connect4.Grains.LiveGames;

namespace Connect4.Tests.Ratings;

/// <summary>The list of public games in progress (PROTOCOL.md section 14): highest mean rating first, bounded, each game once.</summary>
public sealed class LiveGamesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Seat Player(string id, double? rating) =>
        new(id, id, true, rating is { } r ? new RatingValue(r, 80, 0.06) : null);

    private static LiveGame Game(string id, double? red, double? yellow, int ply = 0) =>
        new(id, Player(id + "-red", red), Player(id + "-yellow", yellow), ply, 0);

    [Fact]
    public void Games_are_listed_by_the_mean_of_their_two_ratings_highest_first()
    {
        var live = new LiveGames();
        live.Report(Game("g-a", 2000, 1000), Now);  // 1500
        live.Report(Game("g-b", 1700, 1700), Now);  // 1700
        live.Report(Game("g-c", 1900, null), Now);  // 1700, unrated seat as 1500
        live.Report(Game("g-d", 1400, 1400), Now);

        Assert.Equal(["g-b", "g-c", "g-a", "g-d"], live.Top(50).Select(g => g.GameId));
        Assert.Equal(1700, LiveGames.MeanRating(Game("g-c", 1900, null)));
    }

    [Fact]
    public void The_limit_bounds_the_list_and_a_report_replaces_the_games_entry()
    {
        var live = new LiveGames();
        for (var i = 0; i < 30; i++)
        {
            live.Report(Game($"g-{i:00}", 1500 + i, 1500), Now);
        }

        live.Report(Game("g-00", 1500, 1500, ply: 7), Now);
        Assert.Equal(30, live.Count);
        Assert.Equal(["g-29", "g-28", "g-27"], live.Top(3).Select(g => g.GameId));
        Assert.Equal(7, live.Top(50).Single(g => g.GameId == "g-00").Ply);
    }

    [Fact]
    public void An_ended_game_is_removed_and_one_not_heard_of_expires()
    {
        var live = new LiveGames();
        live.Report(Game("g-ended", 1500, 1500), Now);
        live.Report(Game("g-stale", 1500, 1500), Now);
        live.Report(Game("g-fresh", 1500, 1500), Now + LiveGames.Expiry);
        live.Remove("g-ended");
        live.Remove("g-unknown");
        Assert.Equal(["g-fresh", "g-stale"], live.Top(50).Select(g => g.GameId));

        live.Expire(Now + LiveGames.Expiry + TimeSpan.FromSeconds(1));
        Assert.Equal(["g-fresh"], live.Top(50).Select(g => g.GameId));
    }
}
