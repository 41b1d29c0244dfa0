using System.Text;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>
/// The gateway hears a game's events once and each connection's feed picks its own: a chat room's lines only for its
/// readers, a rematch's offer and decline only for their player; none of them is a move, so they never hold up, fill
/// or open a gap in the ply order.
/// </summary>
public sealed class GameFeedsAudienceTests
{
    private sealed class Target : IFeedTarget
    {
        public List<string> Sent { get; } = [];

        public List<string> Gaps { get; } = [];

        public void Send(byte[] message) => Sent.Add(Encoding.UTF8.GetString(message));

        public byte[]? Render(GameEvent gameEvent) => Encoding.UTF8.GetBytes(gameEvent switch
        {
            MoveMade m => $"move {m.Ply}",
            ChatSaid c => $"chat {c.Line.Seq}",
            RematchOffered o => $"offer {o.From}",
            RematchDeclined d => $"declined {d.Offerer}",
            _ => "other",
        });

        public void OnGap(string gameId) => Gaps.Add(gameId);

        public void OnFinished(string gameId)
        {
        }
    }

    private static readonly PlayerInfo Alice = new("p-alice", "Alice");

    private static ChatLine Line(long seq, ChatRoom room) => new(seq, room, Alice, $"line {seq}", DateTimeOffset.UnixEpoch);

    private static ChatSaid Chat(long seq, ChatRoom room) => new("g", Line(seq, room));

    private static MoveMade Move(int ply) => new("g", ply, ply % 2 == 1 ? Color.Red : Color.Yellow, 0, 0, Color.Red);

    private static GameView View(ViewerRole you, int ply, params ChatLine[] chat) =>
        new("g", you, null, null, [.. Enumerable.Repeat(0, ply)], Color.Red, GameStatus.Playing, null, null, null, 0, null, "g.k") { Chat = chat };

    private static (GameFeeds Feeds, Target Target) Started(ViewerRole you, int ply = 0, params ChatLine[] chat)
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        feeds.Open("g", null);
        feeds.Start("g", View(you, ply, chat), null, []);
        return (feeds, target);
    }

    [Theory]
    [InlineData(ViewerRole.Red, "chat 1")]
    [InlineData(ViewerRole.Yellow, "chat 1")]
    [InlineData(ViewerRole.Spectator, "chat 2")]
    public void A_chat_line_goes_only_to_the_readers_of_its_room(ViewerRole you, string expected)
    {
        var (feeds, target) = Started(you);

        feeds.OnEvent(Chat(1, ChatRoom.Players));
        feeds.OnEvent(Chat(2, ChatRoom.Spectators));

        Assert.Equal([expected], target.Sent);
    }

    [Theory]
    [InlineData(ViewerRole.Red, "declined Red")]
    [InlineData(ViewerRole.Yellow, "offer Red")]
    [InlineData(ViewerRole.Spectator, null)]
    public void A_rematch_offer_goes_to_the_opponent_and_its_decline_to_the_offerer(ViewerRole you, string? expected)
    {
        var (feeds, target) = Started(you);

        feeds.OnEvent(new RematchOffered("g", Color.Red));
        feeds.OnEvent(new RematchDeclined("g", Color.Red));

        Assert.Equal(expected is null ? [] : [expected], target.Sent);
    }

    [Fact]
    public void Lines_the_snapshot_showed_are_not_sent_again_and_lines_held_before_it_go_out_after_it()
    {
        var target = new Target();
        var feeds = new GameFeeds(target);
        feeds.Open("g", null);
        feeds.OnEvent(Chat(3, ChatRoom.Players));
        feeds.OnEvent(Chat(4, ChatRoom.Players));
        Assert.Empty(target.Sent);

        feeds.Start("g", View(ViewerRole.Red, 0, Line(1, ChatRoom.Players), Line(3, ChatRoom.Players)), Encoding.UTF8.GetBytes("reply"), [Encoding.UTF8.GetBytes("snapshot")]);
        feeds.OnEvent(Chat(2, ChatRoom.Players));
        feeds.OnEvent(Chat(5, ChatRoom.Players));

        Assert.Equal(["reply", "snapshot", "chat 4", "chat 5"], target.Sent);
    }

    [Fact]
    public void Chat_passes_a_gap_in_the_moves_without_filling_or_widening_it()
    {
        var (feeds, target) = Started(ViewerRole.Yellow, ply: 2);

        feeds.OnEvent(Move(4));
        feeds.OnEvent(Chat(1, ChatRoom.Players));
        Assert.Equal(["chat 1"], target.Sent);
        Assert.True(feeds.HasGap("g"));
        Assert.Equal(2, feeds.LastPly("g"));

        feeds.OnEvent(Move(3));
        feeds.OnEvent(new RematchOffered("g", Color.Red));

        Assert.Equal(["chat 1", "move 3", "move 4", "offer Red"], target.Sent);
        Assert.False(feeds.HasGap("g"));
        Assert.Equal(["g"], target.Gaps);
        Assert.Equal(4, feeds.LastPly("g"));
    }
}
