using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Gateway;

/// <summary>A connection's feeds put a game's events back in ply order, whatever order Orleans delivered them in.</summary>
public sealed class GameFeedsTests
{
    private sealed class Target : IFeedTarget
    {
        public List<string> Sent { get; } = [];

        public List<string> Gaps { get; } = [];

        public void Send(byte[] message) => Sent.Add(System.Text.Encoding.UTF8.GetString(message));

        public byte[]? Render(GameEvent gameEvent) => System.Text.Encoding.UTF8.GetBytes(gameEvent switch
        {
            MoveMade m => $"move {m.Ply}",
            GameEnded e => $"over {e.Ply}",
            _ => gameEvent.GetType().Name,
        });

        public void OnGap(string gameId) => Gaps.Add(gameId);

        public void OnFinished(string gameId)
        {
        }
    }

    private static GameView View(int ply) =>
        new("g", ViewerRole.Spectator, null, null, [.. Enumerable.Repeat(0, ply)], Color.Red, GameStatus.Playing, null, null, null, 0, null, "g.k");

    private static MoveMade Move(int ply) => new("g", ply, ply % 2 == 1 ? Color.Red : Color.Yellow, 0, 0, Color.Red);

    private static (GameFeeds Feeds, Target Target) Started(int ply)
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        feeds.Open("g", "g.k");
        feeds.Start("g", View(ply), null, []);
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

        feeds.OnEvent(new GameEnded("g", 7, GameResult.RedWins, EndReason.Four, null));
        feeds.OnEvent(Move(6));
        feeds.OnEvent(Move(7));
        feeds.OnEvent(Move(7));

        Assert.Equal(["move 7", "over 7"], target.Sent);
    }

    [Fact]
    public void A_snapshot_fills_a_gap_that_stayed_and_the_early_events_after_it_still_go_out()
    {
        var (feeds, target) = Started(2);
        feeds.OnEvent(Move(5));

        Assert.True(feeds.Start("g", View(4), null, [System.Text.Encoding.UTF8.GetBytes("snapshot 4")]));

        Assert.Equal(["snapshot 4", "move 5"], target.Sent);
        Assert.False(feeds.HasGap("g"));
    }
}
