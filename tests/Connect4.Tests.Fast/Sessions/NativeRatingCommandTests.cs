using System.Text;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>The commands of section 13, and create's <c>rated</c>: read into their records, bad fields refused.</summary>
public sealed class NativeRatingCommandTests
{
    private static Command Read(string json) => NativeCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    private static string RefusedCode(string json) => Assert.ThrowsAny<ProtocolException>(() => Read(json)).Code;

    [Fact]
    public void Create_reads_rated()
    {
        Assert.True(Assert.IsType<CreateCommand>(Read("""{"type":"create","rated":true}""")).Rated);
        Assert.False(Assert.IsType<CreateCommand>(Read("""{"type":"create"}""")).Rated);
        Assert.Equal(ErrorCodes.BadRequest, RefusedCode("""{"type":"create","rated":"yes"}"""));
    }

    [Fact]
    public void Profile_history_and_leaderboard_read_with_their_defaults()
    {
        Assert.Equal(new ProfileCommand(null, null), Read("""{"type":"profile"}"""));
        Assert.Equal(new ProfileCommand(null, "p-x"), Read("""{"type":"profile","playerId":"p-x"}"""));
        Assert.Equal(new HistoryCommand(null, null, null, 20), Read("""{"type":"history"}"""));
        Assert.Equal(new HistoryCommand(null, "p-x", 7, 50), Read("""{"type":"history","playerId":"p-x","before":7,"limit":50}"""));
        Assert.Equal(new LeaderboardCommand(null, 50), Read("""{"type":"leaderboard"}"""));
        Assert.Equal(new LeaderboardCommand(null, 100), Read("""{"type":"leaderboard","limit":100}"""));
        Assert.Equal(new LiveCommand(null, 20), Read("""{"type":"live"}"""));
        Assert.Equal(new LiveCommand(null, 50), Read("""{"type":"live","limit":50}"""));
    }

    [Theory]
    [InlineData("""{"type":"history","limit":0}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"history","limit":51}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"history","before":0}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"history","before":"x"}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"leaderboard","limit":101}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"live","limit":0}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"live","limit":51}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"live","limit":"x"}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"profile","playerId":""}""", ErrorCodes.BadRequest)]
    [InlineData("""{"type":"profile","playerId":7}""", ErrorCodes.BadRequest)]
    public void Bad_fields_are_refused(string json, string code)
    {
        Assert.Equal(code, RefusedCode(json));
    }

    [Fact]
    public void A_player_id_too_long_to_be_one_is_not_found_without_a_call()
    {
        Assert.Equal(RuleCodes.NotFound, RefusedCode($$"""{"type":"profile","playerId":"{{new string('p', 65)}}"}"""));
    }
}
