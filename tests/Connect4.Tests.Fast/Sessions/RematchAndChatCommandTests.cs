using System.Text;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>The commands of rematch and chat read into their records, and each kind of bad field is refused with its code and the rid.</summary>
public sealed class RematchAndChatCommandTests
{
    private const string GameId = "Kx7pQ2mZa0bc";

    private static Command Read(string json) => NativeCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    private static void AssertRefused(string json, string code)
    {
        var refusal = Assert.ThrowsAny<ProtocolException>(() => Read(json));
        Assert.True(refusal.Code == code, $"{json}: {refusal.Code} ({refusal.Message}), expected {code}");
        Assert.Equal("\"r\"", refusal.Rid?.GetRawText());
    }

    [Fact]
    public void Rematch_decline_rematch_and_say_read_into_their_records()
    {
        var rematch = Assert.IsType<RematchCommand>(Read($$"""{"type":"rematch","rid":4,"gameId":"{{GameId}}"}"""));
        Assert.Equal(("4", GameId), (rematch.Rid?.GetRawText(), rematch.GameId));
        Assert.Equal(new DeclineRematchCommand(null, GameId), Read($$"""{"type":"decline-rematch","gameId":"{{GameId}}","extra":1}"""));
        Assert.Equal(new SayCommand(null, GameId, "gg wp"), Read($$"""{"type":"say","gameId":"{{GameId}}","text":"  gg wp \n"}"""));
        Assert.Equal(new SayCommand(null, GameId, "<b>not markup</b>"), Read($$"""{"type":"say","gameId":"{{GameId}}","text":"<b>not markup</b>"}"""));
        Assert.Equal(280, ((SayCommand)Read($$"""{"type":"say","gameId":"{{GameId}}","text":"{{new string('x', 280)}}"}""")).Text.Length);
    }

    [Theory]
    [InlineData("""{"type":"rematch","rid":"r"}""")]
    [InlineData("""{"type":"rematch","rid":"r","gameId":""}""")]
    [InlineData("""{"type":"rematch","rid":"r","gameId":7}""")]
    [InlineData("""{"type":"decline-rematch","rid":"r","gameId":null}""")]
    [InlineData("""{"type":"decline-rematch","rid":"r","gameId":["Kx7pQ2mZa0bc"]}""")]
    [InlineData("""{"type":"say","rid":"r","text":"hi"}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc"}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":null}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":42}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":""}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":"   "}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":"a\u0000b"}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":"two\nlines"}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":"\u202Eesrever"}""")]
    [InlineData("""{"type":"say","rid":"r","gameId":"Kx7pQ2mZa0bc","text":"\ud83d"}""")]
    public void A_missing_ill_typed_or_unreadable_field_or_a_text_the_rule_refuses_is_bad_request(string json)
    {
        AssertRefused(json, ErrorCodes.BadRequest);
    }

    [Fact]
    public void A_text_of_281_characters_is_bad_request()
    {
        AssertRefused($$"""{"type":"say","rid":"r","gameId":"{{GameId}}","text":"{{new string('x', 281)}}"}""", ErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("rematch")]
    [InlineData("decline-rematch")]
    [InlineData("say")]
    public void A_game_id_of_no_possible_game_is_not_found(string type)
    {
        AssertRefused($$"""{"type":"{{type}}","rid":"r","gameId":"short","text":"hi"}""", RuleCodes.NotFound);
    }
}
