using Connect4.GrainInterfaces;
using Connect4.Grains.Leaderboards;

namespace Connect4.Tests.Ratings;

/// <summary>The ranked players: at least 5 rated games and not provisional, highest first, each once, bounded.</summary>
public sealed class LeaderboardTests
{
    private static LeaderboardEntry Entry(string id, double rating, int games = 10, double deviation = 80) =>
        new(id, id, new RatingValue(rating, deviation, 0.06), games);

    [Fact]
    public void Only_players_with_five_rated_games_who_are_not_provisional_are_ranked()
    {
        var board = Leaderboard.Report([], Entry("p-four", 1600, games: 4));
        board = Leaderboard.Report(board, Entry("p-provisional", 1700, deviation: 111));
        board = Leaderboard.Report(board, Entry("p-ranked", 1500, games: 5, deviation: 110));

        Assert.Equal(["p-ranked"], board.Select(e => e.PlayerId));
    }

    [Fact]
    public void A_report_replaces_the_players_entry_and_the_board_stays_highest_first()
    {
        var board = Leaderboard.Report([], Entry("p-a", 1600));
        board = Leaderboard.Report(board, Entry("p-b", 1700));
        board = Leaderboard.Report(board, Entry("p-a", 1800, games: 11));

        Assert.Equal([("p-a", 1800), ("p-b", 1700)], board.Select(e => (e.PlayerId, e.Rating.Rounded)));

        board = Leaderboard.Report(board, Entry("p-a", 1800, deviation: 120));
        Assert.Equal(["p-b"], board.Select(e => e.PlayerId));
    }

    [Fact]
    public void The_board_keeps_only_the_top_players()
    {
        var board = new List<LeaderboardEntry>();
        for (var i = 0; i <= Leaderboard.Kept; i++)
        {
            board = Leaderboard.Report(board, Entry($"p-{i:D4}", 1000 + i));
        }

        Assert.Equal(Leaderboard.Kept, board.Count);
        Assert.Equal("p-0300", board[0].PlayerId);
        Assert.DoesNotContain(board, e => e.PlayerId == "p-0000");
    }
}
