using System.Text;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>Reading <c>seek</c>, <c>unseek</c> and <c>create</c>'s <c>public</c> (PROTOCOL.md sections 12 and 14).</summary>
public sealed class NativeQuickPlayCommandTests
{
    private static Command Read(string json) => NativeCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    private static string RefusalCode(string json) => Assert.ThrowsAny<ProtocolException>(() => Read(json)).Code;

    [Fact]
    public void Seek_reads_its_clock_and_rated_which_defaults_to_true()
    {
        Assert.Equal(new SeekCommand(null, null, true), Read("""{"type":"seek"}"""));
        Assert.Equal(new SeekCommand(null, new ClockSettings(60, 2), false), Read("""{"type":"seek","clock":{"initial":60,"increment":2},"rated":false}"""));
        Assert.Equal(new SeekCommand(null, null, true), Read("""{"type":"seek","clock":null,"rated":null}"""));
    }

    [Theory]
    [InlineData("""{"type":"seek","rated":"yes"}""")]
    [InlineData("""{"type":"seek","rated":1}""")]
    [InlineData("""{"type":"seek","clock":{"initial":5,"increment":0}}""")]
    [InlineData("""{"type":"seek","clock":60}""")]
    [InlineData("""{"type":"unseek"}""")]
    [InlineData("""{"type":"unseek","seekId":""}""")]
    [InlineData("""{"type":"create","public":"true"}""")]
    public void Bad_fields_are_bad_requests(string json) => Assert.Equal(ErrorCodes.BadRequest, RefusalCode(json));

    [Fact]
    public void Unseek_reads_its_seek_id_and_create_its_public_flag()
    {
        Assert.Equal(new UnseekCommand(null, "60+0:rated/abc"), Read("""{"type":"unseek","seekId":"60+0:rated/abc"}"""));
        Assert.True(Assert.IsType<CreateCommand>(Read("""{"type":"create","public":true}""")).Public);
        Assert.False(Assert.IsType<CreateCommand>(Read("""{"type":"create"}""")).Public);
    }
}
