using System.Text;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>A connection's feeds put a game's events back in ply order, whatever order Orleans delivered them in.</summary>
public sealed class GameFeedsTests
{
    private sealed class Target : IFeedTarget
    {
        public List<string> Sent { get; } = [];

        public List<string> Gaps { get; } = [];

        public List<string> Finished { get; } = [];

        public void Send(byte[] message) => Sent.Add(Encoding.UTF8.GetString(message));

        public byte[]? Render(GameEvent gameEvent) => gameEvent switch
        {
            MoveMade m => Encoding.UTF8.GetBytes($"move {m.Ply}"),
            GameEnded e => Encoding.UTF8.GetBytes($"over {e.Ply}"),
            SpectatorsChanged s => Encoding.UTF8.GetBytes($"spectators {s.Count}"),
            _ => null,
        };

        public void OnGap(string gameId) => Gaps.Add(gameId);

        public void OnFinished(string gameId) => Finished.Add(gameId);
    }

    private static GameView View(int ply, ViewerRole you = ViewerRole.Spectator, GameStatus status = GameStatus.Playing) =>
        new("g", you, null, null, [.. Enumerable.Repeat(0, ply)], Color.Red, status, null, null, null, 0, null, "g.k");

    private static MoveMade Move(int ply) => new("g", ply, ply % 2 == 1 ? Color.Red : Color.Yellow, 0, 0, Color.Red);

    private static GameEnded End(int ply) => new("g", ply, GameResult.RedWins, EndReason.Four, null);

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static (GameFeeds Feeds, Target Target) Started(int ply, ViewerRole you = ViewerRole.Spectator)
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        feeds.Open("g", "g.k");
        feeds.Start("g", View(ply, you), null, []);
        return (feeds, target);
    }

    [Fact]
    public void Moves_that_overtook_the_one_before_them_wait_for_it_and_go_out_in_order()
    {
        var (feeds, target) = Started(2);

        feeds.OnEvent(Move(4));
        feeds.OnEvent(Move(5));
        Assert.Empty(target.Sent);
        Assert.Equal(["g"], target.Gaps);
        Assert.True(feeds.HasGap("g"));

        feeds.OnEvent(Move(3));

        Assert.Equal(["move 3", "move 4", "move 5"], target.Sent);
        Assert.False(feeds.HasGap("g"));
        Assert.Equal(5, feeds.LastPly("g"));
    }

    [Fact]
    public void An_end_that_overtook_the_last_move_waits_for_it_and_duplicates_are_dropped()
    {
        var (feeds, target) = Started(6);

        feeds.OnEvent(End(7));
        feeds.OnEvent(Move(6));
        feeds.OnEvent(Move(7));
        feeds.OnEvent(Move(7));
        feeds.OnEvent(End(7));

        Assert.Equal(["move 7", "over 7"], target.Sent);
    }

    [Fact]
    public void A_snapshot_fills_a_gap_that_stayed_and_the_early_events_after_it_still_go_out()
    {
        var (feeds, target) = Started(2);
        feeds.OnEvent(Move(5));

        Assert.True(feeds.Start("g", View(4), null, [Text("snapshot 4")]));

        Assert.Equal(["snapshot 4", "move 5"], target.Sent);
        Assert.False(feeds.HasGap("g"));
    }

    [Fact]
    public void Events_before_the_snapshot_wait_for_it_and_those_it_already_holds_are_dropped()
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        Assert.True(feeds.Open("g", null));
        Assert.False(feeds.Open("g", null));

        feeds.OnEvent(Move(3));
        feeds.OnEvent(new SpectatorsChanged("g", 2));
        feeds.OnEvent(Move(4));
        Assert.Empty(target.Sent);

        Assert.True(feeds.Start("g", View(3), Text("reply"), [Text("snapshot 3")]));

        Assert.Equal(["reply", "snapshot 3", "spectators 2", "move 4"], target.Sent);
    }

    [Fact]
    public void A_snapshot_older_than_what_was_sent_is_refused_and_sends_nothing()
    {
        var (feeds, target) = Started(2);
        feeds.OnEvent(Move(3));

        Assert.False(feeds.Start("g", View(2), Text("reply"), [Text("snapshot 2")]));

        Assert.Equal(["move 3"], target.Sent);
        Assert.Equal(3, feeds.LastPly("g"));
    }

    [Fact]
    public void Each_gap_is_reported_once_and_a_new_gap_again()
    {
        var (feeds, target) = Started(0);

        feeds.OnEvent(Move(2));
        feeds.OnEvent(Move(3));
        feeds.OnEvent(Move(1));
        feeds.OnEvent(Move(5));

        Assert.Equal(["g", "g"], target.Gaps);
        Assert.Equal(["move 1", "move 2", "move 3"], target.Sent);
    }

    [Fact]
    public void A_players_feed_is_told_its_game_ended_and_a_spectators_is_not()
    {
        var (player, playerTarget) = Started(6, ViewerRole.Red);
        var (spectator, spectatorTarget) = Started(6);

        foreach (var feeds in new[] { player, spectator })
        {
            feeds.OnEvent(Move(7));
            feeds.OnEvent(End(7));
        }

        Assert.Equal(["g"], playerTarget.Finished);
        Assert.Empty(spectatorTarget.Finished);
        Assert.Equal(["move 7", "over 7"], spectatorTarget.Sent);
    }

    [Fact]
    public void A_snapshot_of_a_finished_game_keeps_its_end_from_being_sent_again()
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        feeds.Open("g", null);
        feeds.Start("g", View(7, status: GameStatus.Over), null, [Text("snapshot over")]);

        feeds.OnEvent(End(7));

        Assert.Equal(["snapshot over"], target.Sent);
    }

    [Fact]
    public void A_connection_is_behind_only_in_a_game_it_follows_and_was_sent_less_of()
    {
        var (feeds, _) = Started(4);

        Assert.False(feeds.IsBehind("g", 4));
        Assert.True(feeds.IsBehind("g", 5));
        Assert.False(feeds.IsBehind("other", 5));

        feeds.OnEvent(Move(5));
        Assert.False(feeds.IsBehind("g", 5));
    }

    [Fact]
    public void A_closed_feed_drops_its_events_and_forgets_the_game()
    {
        var (feeds, target) = Started(2);

        Assert.True(feeds.Close("g"));
        Assert.False(feeds.Close("g"));
        feeds.OnEvent(Move(3));

        Assert.Empty(target.Sent);
        Assert.False(feeds.IsFollowing("g"));
        Assert.Equal(-1, feeds.LastPly("g"));
        Assert.Empty(feeds.Games);
    }
}
