using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>A game's chat with no host: its two rooms, the text's rule, the speaker's budget, what is kept and what is shown.</summary>
public sealed class ChatTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 4, 0, 0, TimeSpan.Zero);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly PlayerInfo Carol = new("p-carol", "Carol");
    private static readonly ChatBudget Budget = new(1, 5);

    private static Decision Say(Game game, PlayerInfo speaker, string text, DateTimeOffset at, bool following = false) =>
        game.Say(speaker, text, following, Budget, at);

    /// <summary>Says <paramref name="count"/> lines of <paramref name="speaker"/>, one a second from <paramref name="from"/>.</summary>
    private static Game SayMany(Game game, PlayerInfo speaker, int count, DateTimeOffset from, bool following = false) =>
        Enumerable.Range(1, count).Aggregate(game, (g, i) => Accepted(Say(g, speaker, $"line {i}", from.AddSeconds(i), following)));

    [Fact]
    public void A_player_speaks_in_the_players_room_and_the_line_is_told_trimmed_numbered_and_timed()
    {
        var decision = Say(Started(), Alice, "  good luck  ", Now);

        var game = Accepted(decision);
        var line = new ChatLine(1, ChatRoom.Players, Alice, "good luck", Now);
        Assert.Equal([new ChatSaid("game00000001", line)], decision.Events);
        Assert.Equal([line], game.ChatFor(ViewerRole.Yellow));
        Assert.Empty(game.ChatFor(ViewerRole.Spectator));
    }

    [Fact]
    public void A_follower_who_is_not_a_player_speaks_in_the_spectators_room_which_players_do_not_read()
    {
        var game = Accepted(Say(Started(), Alice, "gl", Now));

        var decision = Say(game, Carol, "go yellow", Now, following: true);

        game = Accepted(decision);
        var line = new ChatLine(2, ChatRoom.Spectators, Carol, "go yellow", Now);
        Assert.Equal([new ChatSaid("game00000001", line)], decision.Events);
        Assert.Equal([line], game.ChatFor(ViewerRole.Spectator));
        Assert.Equal(["gl"], game.ChatFor(ViewerRole.Red).Select(l => l.Text));
        Assert.Equal(["go yellow"], game.ViewAt(Carol.PlayerId, default, Now).Chat.Select(l => l.Text));
        Assert.Equal(["gl"], game.ViewAt(Bob.PlayerId, default, Now).Chat.Select(l => l.Text));
    }

    [Fact]
    public void Anyone_who_neither_plays_nor_follows_and_a_game_that_does_not_exist_are_not_found()
    {
        var game = Started();
        Refused(game, Say(game, Carol, "hi", Now), RuleCodes.NotFound, null, Carol.PlayerId);
        var none = New();
        Refused(none, Say(none, Alice, "hi", Now, following: true), RuleCodes.NotFound, null, Alice.PlayerId);
    }

    [Fact]
    public void Players_may_speak_while_waiting_and_after_the_end()
    {
        Accepted(Say(Waiting(), Alice, "anyone?", Now));
        var over = Accepted(Started(3).Resign(Bob.PlayerId, Now));
        Assert.Equal(ChatRoom.Players, Assert.IsType<ChatSaid>(Say(over, Bob, "gg", Now).Events.Single()).Line.Room);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("c1\u0085control")]
    [InlineData("reversed \u202Etext")]
    [InlineData("isolated \u2067text")]
    [InlineData("line\u2028separator")]
    public void A_text_that_is_empty_after_trimming_or_holds_a_control_character_is_bad_request(string text)
    {
        var game = Started();
        Refused(game, Say(game, Alice, text, Now), RuleCodes.BadRequest, null, Alice.PlayerId);
        Assert.Null(ChatText.Normalize(text));
    }

    [Fact]
    public void A_text_may_hold_280_characters_counted_as_readers_count_them_and_not_281()
    {
        var game = Started();
        Assert.Equal(280, Accepted(Say(game, Alice, new string('a', 280), Now)).ChatFor(ViewerRole.Red).Single().Text.Length);
        Refused(game, Say(game, Alice, new string('a', 281), Now), RuleCodes.BadRequest, null, Alice.PlayerId);

        // A flag is two code points, a family of four seven: each is one character to a reader.
        Assert.NotNull(ChatText.Normalize(string.Concat(Enumerable.Repeat("\U0001F1EB\U0001F1F7", 280))));
        Assert.NotNull(ChatText.Normalize(string.Concat(Enumerable.Repeat("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466", 280))));
        Assert.Null(ChatText.Normalize(string.Concat(Enumerable.Repeat("\U0001F1EB\U0001F1F7", 281))));
        Assert.Equal("naïve <b>markup</b> & \"quotes\"", ChatText.Normalize("\t naïve <b>markup</b> & \"quotes\"\n"));
    }

    [Fact]
    public void A_speaker_may_say_five_lines_at_once_then_one_a_second_and_a_refused_line_changes_nothing()
    {
        var game = Enumerable.Range(1, 5).Aggregate(Started(), (g, i) => Accepted(Say(g, Alice, $"{i}", Now)));

        var refused = Refused(game, Say(game, Alice, "6", Now.AddMilliseconds(999)), RuleCodes.RateLimited, null, Alice.PlayerId);
        Assert.Contains("rate", refused.Code, StringComparison.Ordinal);
        game = Accepted(Say(game, Alice, "6", Now.AddSeconds(1)));
        Refused(game, Say(game, Alice, "7", Now.AddSeconds(1.5)), RuleCodes.RateLimited, null, Alice.PlayerId);

        // Each speaker has a budget of its own.
        game = Accepted(Say(game, Bob, "me too", Now.AddSeconds(1.5)));

        // A speaker silent for the length of a burst has its whole burst back.
        game = Enumerable.Range(1, 5).Aggregate(game, (g, i) => Accepted(Say(g, Alice, $"again {i}", Now.AddSeconds(6))));
        Assert.Equal(12, game.State.Chat!.LastSeq);
    }

    [Fact]
    public void Budgets_of_speakers_whose_budget_is_whole_again_are_not_kept()
    {
        var game = Accepted(Say(Accepted(Say(Started(), Alice, "a", Now)), Bob, "b", Now));
        Assert.Equal(2, game.State.Chat!.Budgets.Count);

        game = Accepted(Say(game, Alice, "later", Now.AddSeconds(10)));

        Assert.Equal([Alice.PlayerId], game.State.Chat!.Budgets.Keys);
    }

    [Fact]
    public void Each_room_keeps_its_last_200_lines_and_a_snapshot_shows_the_last_50_oldest_first()
    {
        var game = SayMany(Started(), Alice, 205, Now);
        game = SayMany(game, Carol, 3, Now.AddMinutes(10), following: true);

        var players = game.State.Chat!.Players;
        Assert.Equal(200, players.Count);
        Assert.Equal((6, 205), (players[0].Seq, players[^1].Seq));
        Assert.Equal(3, game.State.Chat.Spectators.Count);
        Assert.Equal(208, game.State.Chat.LastSeq);
        var shown = game.ViewAt(Bob.PlayerId, default, Now).Chat;
        Assert.Equal(Enumerable.Range(156, 50).Select(i => (long)i), shown.Select(l => l.Seq));
        Assert.Equal(["line 1", "line 2", "line 3"], game.ChatFor(ViewerRole.Spectator).Select(l => l.Text));
    }
}
