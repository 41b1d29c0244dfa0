using System.Text;
using Connect4.Gateway.Tutorial;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>With no snapshot in the dialect, a game is shown by replaying its moves, with the rows the discs fell to.</summary>
public sealed class TutorialMessagesTests
{
    private static GameView View(int[] moves, GameResult? result = null) => new(
        "Kx7pQ2mZa0bc", ViewerRole.Spectator, null, null, moves, null, result is null ? GameStatus.Playing : GameStatus.Over,
        result, result is null ? null : EndReason.Four, null, 0, null, "Kx7pQ2mZa0bc.abcdefghijklmnopqrstuv");

    private static List<string> Texts(IEnumerable<byte[]> messages) => [.. messages.Select(Encoding.UTF8.GetString)];

    [Fact]
    public void A_replay_plays_each_move_in_order_with_its_colour_and_row_then_the_win()
    {
        var replay = Texts(TutorialMessages.Replay(View([3, 3, 4, 3], GameResult.YellowWins)));

        Assert.Equal(
            [
                """{"type":"play","player":"red","column":3,"row":0}""",
                """{"type":"play","player":"yellow","column":3,"row":1}""",
                """{"type":"play","player":"red","column":4,"row":0}""",
                """{"type":"play","player":"yellow","column":3,"row":2}""",
                """{"type":"win","player":"yellow"}""",
            ],
            replay);
    }

    [Fact]
    public void A_draw_is_told_with_its_error_text_and_other_events_are_not_told_at_all()
    {
        Assert.Equal(
            $$"""{"type":"error","message":"{{TutorialTexts.Draw}}"}""",
            Encoding.UTF8.GetString(TutorialMessages.Event(new GameEnded("g", 42, GameResult.Draw, EndReason.Full, null))!));
        Assert.Null(TutorialMessages.Event(new SpectatorsChanged("g", 3)));
        Assert.Null(TutorialMessages.Event(new PresenceChanged("g", Color.Red, false)));
    }
}
