using System.Text;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Tutorial;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>The tutorial dialect reads its two commands, and refuses the rest with its own texts (it has no rid).</summary>
public sealed class TutorialCommandTests
{
    private const string Key = "Kx7pQ2mZa0bc.abcdefghijklmnopqrstuv";
    private const string Surrogate = "\"\\ud83d\"";

    private static Command Read(string json) => TutorialCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    [Fact]
    public void The_table_lists_init_and_play()
    {
        Assert.Equal(["init", "play"], TutorialSession.Commands.Types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Init_and_play_read_into_their_records_and_other_fields_are_ignored()
    {
        Assert.Equal(new TutorialInit(null, null), Read("""{"type":"init"}"""));
        Assert.Equal(new TutorialInit(null, null), Read("""{"type":"init","rid":{"x":1},"join":null}"""));
        Assert.Equal(new TutorialInit(Key, null), Read($$"""{"type":"init","join":"{{Key}}"}"""));
        Assert.Equal(new TutorialInit(null, Key), Read($$"""{"type":"init","watch":"{{Key}}"}"""));
        Assert.Equal(new TutorialPlay(3), Read("""{"type":"play","column":3,"player":"red"}"""));
        Assert.Equal(new TutorialPlay(-1), Read("""{"type":"play","column":-1}"""));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"init\"")]
    [InlineData("{\"type\":7}")]
    [InlineData("{\"type\":\"\"}")]
    [InlineData("{\"type\":" + Surrogate + "}")]
    [InlineData("{\"type\":\"init\",\"join\":" + Surrogate + "}")]
    [InlineData("{\"type\":\"init\",\"join\":\"\"}")]
    [InlineData("{\"type\":\"init\",\"watch\":7}")]
    [InlineData("{\"type\":\"init\",\"join\":\"Kx7pQ2mZa0bc.abcdefghijklmnopqrstuv\",\"watch\":[]}")]
    public void An_unreadable_message_is_invalid(string text)
    {
        var refusal = Assert.Throws<TutorialRefusal>(() => Read(text));
        Assert.Equal(TutorialTexts.Invalid, refusal.Message);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\":null}")]
    [InlineData("{\"type\":\"move\"}")]
    [InlineData("{\"type\":\"INIT\"}")]
    [InlineData("{\"type\":\"hello\"}")]
    [InlineData("{\"type\":\"play\"}")]
    [InlineData("{\"type\":\"play\",\"column\":null}")]
    [InlineData("{\"type\":\"play\",\"column\":\"3\"}")]
    [InlineData("{\"type\":\"play\",\"column\":1.5}")]
    [InlineData("{\"type\":\"play\",\"column\":2147483648}")]
    public void A_message_the_dialect_does_not_know_is_unsupported(string text)
    {
        var refusal = Assert.Throws<TutorialRefusal>(() => Read(text));
        Assert.Equal(TutorialTexts.Unsupported, refusal.Message);
    }

    [Theory]
    [InlineData("{\"type\":\"init\",\"join\":\"nope\"}")]
    [InlineData("{\"type\":\"init\",\"watch\":\".\"}")]
    [InlineData("{\"type\":\"init\",\"join\":\"nope\",\"watch\":\"Kx7pQ2mZa0bc.abcdefghijklmnopqrstuv\"}")]
    public void A_key_of_no_possible_game_is_not_found_without_asking_a_grain(string text)
    {
        var refusal = Assert.ThrowsAny<ProtocolException>(() => Read(text));
        Assert.Equal(RuleCodes.NotFound, refusal.Code);
        Assert.Equal(TutorialTexts.GameNotFound, TutorialTexts.ForCode(refusal.Code));
    }

    [Theory]
    [InlineData(RuleCodes.NotYourTurn, TutorialTexts.NotYourTurn)]
    [InlineData(RuleCodes.ColumnFull, TutorialTexts.SlotFull)]
    [InlineData(RuleCodes.NotFound, TutorialTexts.GameNotFound)]
    [InlineData(RuleCodes.GameOver, TutorialTexts.GameOver)]
    [InlineData(RuleCodes.GameFull, TutorialTexts.GameFull)]
    [InlineData(RuleCodes.OwnGame, TutorialTexts.GameFull)]
    [InlineData(RuleCodes.NotStarted, TutorialTexts.NotStarted)]
    [InlineData(RuleCodes.NotAPlayer, TutorialTexts.Watching)]
    [InlineData(RuleCodes.BadColumn, TutorialTexts.NoSuchColumn)]
    [InlineData(ErrorCodes.Unavailable, TutorialTexts.Unavailable)]
    [InlineData(ErrorCodes.BadRequest, TutorialTexts.Invalid)]
    [InlineData(ErrorCodes.Internal, TutorialTexts.Internal)]
    public void A_native_error_code_is_told_with_the_tutorial_text(string code, string text)
    {
        Assert.Equal(text, TutorialTexts.ForCode(code));
    }
}
