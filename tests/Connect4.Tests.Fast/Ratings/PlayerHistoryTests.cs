using Connect4.GrainInterfaces;
using Connect4.Grains.Players;

namespace Connect4.Tests.Ratings;

/// <summary>A player's history: each finished game added once, kept bounded, read newest first in pages with a cursor.</summary>
public sealed class PlayerHistoryTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly GameRecord Record = new(Alice, Bob, EndReason.Four, 7, Now);

    private static PlayerState WithGames(int count)
    {
        var state = new PlayerState();
        for (var i = 1; i <= count; i++)
        {
            Assert.True(PlayerHistory.Add(state, $"g{i}", GameResult.RedWins, Color.Red, null, Record));
        }

        return state;
    }

    [Fact]
    public void A_game_is_added_once_seen_from_the_players_seat()
    {
        var state = WithGames(1);

        Assert.False(PlayerHistory.Add(state, "g1", GameResult.RedWins, Color.Red, null, Record));
        Assert.True(PlayerHistory.Add(state, "g2", GameResult.RedWins, Color.Yellow, null, Record));

        Assert.Equal([1L, 2L], state.History.Select(e => e.Seq));
        Assert.Equal((Bob, Alice), (state.History[0].Opponent, state.History[1].Opponent));
    }

    [Fact]
    public void An_entry_keeps_who_the_opponent_was_but_not_its_rating()
    {
        var rated = Record with { Yellow = Bob with { Rating = new RatingValue(1612.4, 80.2, 0.06) } };
        var state = new PlayerState();

        Assert.True(PlayerHistory.Add(state, "g1", GameResult.RedWins, Color.Red, null, rated));

        Assert.Equal(Bob, state.History[0].Opponent);
        Assert.Null(state.History[0].Opponent.Rating);
    }

    [Fact]
    public void Pages_go_newest_first_and_the_cursor_reaches_the_oldest()
    {
        var state = WithGames(5);

        var first = PlayerHistory.Page("p-alice", state.History, null, 2);
        var second = PlayerHistory.Page("p-alice", state.History, first.Next, 2);
        var last = PlayerHistory.Page("p-alice", state.History, second.Next, 2);

        Assert.Equal(["g5", "g4"], first.Games.Select(e => e.GameId));
        Assert.Equal(["g3", "g2"], second.Games.Select(e => e.GameId));
        Assert.Equal(["g1"], last.Games.Select(e => e.GameId));
        Assert.Null(last.Next);
        Assert.Null(PlayerHistory.Page("p-alice", state.History, null, 5).Next);
        Assert.Empty(PlayerHistory.Page("p-alice", new PlayerState().History, null, 20).Games);
    }

    [Fact]
    public void Only_the_last_games_are_kept_and_their_numbers_go_on()
    {
        var state = WithGames(PlayerHistory.Kept + 2);

        Assert.Equal(PlayerHistory.Kept, state.History.Count);
        Assert.Equal(3, state.History[0].Seq);
        Assert.Equal(PlayerHistory.Kept + 2, state.HistorySeq);
    }
}
