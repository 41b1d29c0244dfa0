using Connect4.GrainInterfaces;
using Connect4.Grains.Players;

namespace Connect4.Tests.Ratings;

/// <summary>
/// A player's history: each finished game added once, numbered on, stored in pages of its own, kept bounded, and read
/// newest first in pages with a cursor. The "store" here is a dictionary of pages, as the page grains hold them.
/// </summary>
public sealed class PlayerHistoryTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly GameRecord Record = new(Alice, Bob, EndReason.Four, 7, Now);

    /// <summary>A player's state and its stored pages, after <paramref name="count"/> games g1, g2, ...</summary>
    private static (PlayerState State, Dictionary<long, List<HistoryEntry>> Pages) WithGames(int count)
    {
        var (state, pages) = (new PlayerState(), new Dictionary<long, List<HistoryEntry>>());
        for (var i = 1; i <= count; i++)
        {
            Finish(state, pages, $"g{i}", Color.Red, Record);
        }

        return (state, pages);
    }

    /// <summary>What the grain does: the entry into its page, then the state counts it, then an expired page goes.</summary>
    private static bool Finish(PlayerState state, Dictionary<long, List<HistoryEntry>> pages, string gameId, Color color, GameRecord record)
    {
        if (PlayerHistory.Next(state, gameId, GameResult.RedWins, color, null, record) is not { } entry)
        {
            return false;
        }

        Put(pages, entry);
        PlayerHistory.Added(state, entry);
        if (PlayerHistory.Expired(entry.Seq) is { } expired)
        {
            pages.Remove(expired);
        }

        return true;
    }

    private static void Put(Dictionary<long, List<HistoryEntry>> pages, HistoryEntry entry)
    {
        var page = pages.TryGetValue(PlayerHistory.PageOf(entry.Seq), out var held) ? held : pages[PlayerHistory.PageOf(entry.Seq)] = [];
        page.RemoveAll(e => e.Seq == entry.Seq);
        page.Add(entry);
    }

    /// <summary>A reply as the grain makes it: the pages it names, read, then the page of entries.</summary>
    private static HistoryPage Read(PlayerState state, Dictionary<long, List<HistoryEntry>> pages, long? before, int limit) =>
        PlayerHistory.Page("p-alice", state.HistorySeq,
            PlayerHistory.PagesFor(state.HistorySeq, before, limit).SelectMany(p => pages.GetValueOrDefault(p) ?? []), before, limit);

    [Fact]
    public void A_game_is_added_once_seen_from_the_players_seat()
    {
        var (state, pages) = WithGames(1);

        Assert.False(Finish(state, pages, "g1", Color.Red, Record));
        Assert.True(Finish(state, pages, "g2", Color.Yellow, Record));

        var entries = Read(state, pages, null, 20).Games;
        Assert.Equal([2L, 1L], entries.Select(e => e.Seq));
        Assert.Equal((Alice, Bob), (entries[0].Opponent, entries[1].Opponent));
        Assert.Null(PlayerHistory.Next(state, "g3", GameResult.Draw, Color.Red, null, record: null));
    }

    [Fact]
    public void An_entry_keeps_who_the_opponent_was_but_not_its_rating()
    {
        var rated = Record with { Yellow = Bob with { Rating = new RatingValue(1612.4, 80.2, 0.06) } };

        var entry = PlayerHistory.Next(new PlayerState(), "g1", GameResult.RedWins, Color.Red, null, rated);

        Assert.Equal(Bob, entry!.Opponent);
        Assert.Null(entry.Opponent.Rating);
    }

    [Fact]
    public void Pages_go_newest_first_and_the_cursor_reaches_the_oldest()
    {
        var (state, pages) = WithGames(5);

        var first = Read(state, pages, null, 2);
        var second = Read(state, pages, first.Next, 2);
        var last = Read(state, pages, second.Next, 2);

        Assert.Equal(["g5", "g4"], first.Games.Select(e => e.GameId));
        Assert.Equal(["g3", "g2"], second.Games.Select(e => e.GameId));
        Assert.Equal(["g1"], last.Games.Select(e => e.GameId));
        Assert.Null(last.Next);
        Assert.Null(Read(state, pages, null, 5).Next);
        Assert.Empty(Read(new PlayerState(), [], null, 20).Games);
    }

    [Fact]
    public void A_reply_crosses_stored_pages_and_reads_at_most_two_of_them()
    {
        var (state, pages) = WithGames(3 * PlayerHistory.PageSize + 7);

        Assert.Equal([3L, 2L], PlayerHistory.PagesFor(state.HistorySeq, null, 50));
        Assert.Equal([2L, 1L], PlayerHistory.PagesFor(state.HistorySeq, 140, 50));
        var reply = Read(state, pages, 140, 50);
        Assert.Equal(Enumerable.Range(90, 50).Reverse().Select(i => (long)i), reply.Games.Select(e => e.Seq));
        Assert.Equal(90, reply.Next);
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.All(p.Value, e => Assert.Equal(p.Key, PlayerHistory.PageOf(e.Seq))));
    }

    [Fact]
    public void An_entry_stored_but_not_counted_is_not_shown_and_the_next_game_takes_its_number()
    {
        var (state, pages) = WithGames(2);

        // g3's page was written, then the player's state was not: a crash between the two writes.
        Put(pages, PlayerHistory.Next(state, "g3", GameResult.RedWins, Color.Red, null, Record)!);
        Assert.Equal(["g2", "g1"], Read(state, pages, null, 20).Games.Select(e => e.GameId));

        // Another game ends first and takes number 3; g3's retry then gets number 4.
        Assert.True(Finish(state, pages, "g4", Color.Red, Record));
        Assert.True(Finish(state, pages, "g3", Color.Red, Record));
        Assert.Equal(["g3", "g4", "g2", "g1"], Read(state, pages, null, 20).Games.Select(e => e.GameId));
    }

    [Fact]
    public void A_game_telling_of_its_end_again_is_recognised_while_among_the_remembered_ones()
    {
        var (state, pages) = WithGames(PlayerHistory.Remembered);

        // g1 is the oldest remembered: its repeat adds nothing.
        Assert.False(Finish(state, pages, "g1", Color.Red, Record));
        Assert.Equal(PlayerHistory.Remembered, state.HistorySeq);

        // One game later it is no longer remembered (a repeat that late cannot come: see Remembered), and the state
        // keeps only the last ids, not the whole history.
        Assert.True(Finish(state, pages, $"g{PlayerHistory.Remembered + 1}", Color.Red, Record));
        Assert.Equal(PlayerHistory.Remembered, state.HistoryGames.Count);
        Assert.Equal("g2", state.HistoryGames[0]);
        Assert.False(Finish(state, pages, "g2", Color.Red, Record));
    }

    [Fact]
    public void Only_the_last_games_are_shown_their_numbers_go_on_and_pages_past_them_are_cleared()
    {
        var (state, pages) = WithGames(PlayerHistory.Kept + 2 * PlayerHistory.PageSize + 1);

        Assert.Equal(PlayerHistory.Kept + 2 * PlayerHistory.PageSize + 1, state.HistorySeq);
        Assert.Equal(PlayerHistory.Remembered, state.HistoryGames.Count);
        var all = new List<HistoryEntry>();
        for (long? before = null; ;)
        {
            var reply = Read(state, pages, before, 50);
            all.AddRange(reply.Games);
            if ((before = reply.Next) is null)
            {
                break;
            }
        }

        Assert.Equal(PlayerHistory.Kept, all.Count);
        Assert.Equal(state.HistorySeq - PlayerHistory.Kept + 1, all[^1].Seq);
        Assert.DoesNotContain(0L, pages.Keys);
        Assert.DoesNotContain(1L, pages.Keys);
        Assert.True(pages.Count <= PlayerHistory.Kept / PlayerHistory.PageSize + 2, $"{pages.Count} pages stored");
    }

    [Fact]
    public void A_state_from_before_pages_moves_its_entries_to_their_pages()
    {
        var entries = Enumerable.Range(1, 60)
            .Select(i => new HistoryEntry(i + 40, $"g{i + 40}", Color.Red, Bob, GameResult.RedWins, EndReason.Four, null, 7, Now)).ToList();
        var state = new PlayerState { History = [.. entries], HistorySeq = 100 };

        var moved = PlayerHistory.MoveToPages(state);

        Assert.Empty(state.History);
        Assert.Equal(entries.Select(e => e.GameId), state.HistoryGames);
        Assert.Equal([(0L, 10), (1L, 50)], moved.Select(p => (p.Page, p.Entries.Count)));
        var pages = moved.ToDictionary(p => p.Page, p => p.Entries.ToList());
        Assert.Equal(Enumerable.Range(41, 60).Reverse().Select(i => $"g{i}"), Read(state, pages, null, 50).Games.Concat(Read(state, pages, 51, 50).Games).Select(e => e.GameId));
        Assert.Null(PlayerHistory.Next(state, "g77", GameResult.Draw, Color.Red, null, Record));
    }
}
