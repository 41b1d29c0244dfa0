using System.Text;
using System.Text.Json.Nodes;
using Connect4.Gateway.Native;
using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Tests.Sessions;

/// <summary>The native protocol's clocks and claims (PROTOCOL.md section 9), read and written with no host.</summary>
public sealed class NativeClockTests
{
    private const string GameId = "Kx7pQ2mZa0bc";

    private static Command Read(string json) => NativeCommands.Read(Encoding.UTF8.GetBytes(json), session: null).Command;

    private static JsonObject Json(byte[]? bytes) => JsonNode.Parse(bytes!)!.AsObject();

    [Fact]
    public void Create_reads_its_clock_and_a_missing_increment_is_zero()
    {
        Assert.Equal(new ClockSettings(15, 0), Assert.IsType<CreateCommand>(Read("""{"type":"create","clock":{"initial":15,"increment":0}}""")).Clock);
        Assert.Equal(new ClockSettings(3600, 60), Assert.IsType<CreateCommand>(Read("""{"type":"create","clock":{"initial":3600,"increment":60}}""")).Clock);
        Assert.Equal(new ClockSettings(300, 0), Assert.IsType<CreateCommand>(Read("""{"type":"create","clock":{"initial":300}}""")).Clock);
        Assert.Null(Assert.IsType<CreateCommand>(Read("""{"type":"create","clock":null}""")).Clock);
    }

    [Theory]
    [InlineData("""{"initial":14,"increment":0}""")]
    [InlineData("""{"initial":3601,"increment":0}""")]
    [InlineData("""{"initial":60,"increment":61}""")]
    [InlineData("""{"initial":60,"increment":-1}""")]
    [InlineData("""{"increment":2}""")]
    [InlineData("""{"initial":"60"}""")]
    [InlineData("""{"initial":60.5}""")]
    [InlineData("""{"initial":60,"increment":true}""")]
    [InlineData("60")]
    [InlineData("[60,0]")]
    [InlineData("\"15+0\"")]
    public void A_clock_out_of_range_or_ill_typed_is_bad_request_with_the_rid(string clock)
    {
        var refusal = Assert.ThrowsAny<ProtocolException>(() => Read($$"""{"type":"create","rid":"r","clock":{{clock}}}"""));
        Assert.Equal((ErrorCodes.BadRequest, "\"r\""), (refusal.Code, refusal.Rid?.GetRawText()));
    }

    [Fact]
    public void Claim_reads_its_game()
    {
        Assert.Equal(new ClaimCommand(null, GameId), Read($$"""{"type":"claim","gameId":"{{GameId}}"}"""));
        Assert.Equal(RuleCodes.NotFound, Assert.ThrowsAny<ProtocolException>(() => Read("""{"type":"claim","gameId":"x"}""")).Code);
        Assert.Equal(ErrorCodes.BadRequest, Assert.ThrowsAny<ProtocolException>(() => Read("""{"type":"claim"}""")).Code);
    }

    [Fact]
    public void A_snapshot_carries_the_clock_or_null()
    {
        var view = new GameView(GameId, ViewerRole.Red, null, null, [3], Color.Yellow, GameStatus.Playing, null, null, null, 0, null, "w");
        Assert.Null(Json(NativeMessages.Game(view))["clock"]);
        Assert.True(Json(NativeMessages.Game(view)).ContainsKey("clock"));

        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));
        var timed = Json(NativeMessages.Game(view with { Clock = new ClockView(new ClockSettings(60, 2), 58_123, 60_000, Color.Yellow, at) }));
        Assert.Equal(
            """{"initial":60,"increment":2,"red":58123,"yellow":60000,"running":"yellow","at":"2025-01-02T01:04:05.678Z"}""",
            timed["clock"]!.ToJsonString());
        Assert.Null(Json(NativeMessages.Game(view with { Clock = new ClockView(new ClockSettings(60, 2), 1, 2, null, at) }))["clock"]!["running"]);
    }

    [Fact]
    public void A_timed_move_carries_both_times_left_and_an_offline_player_the_wait_before_a_claim()
    {
        var move = Json(NativeMessages.RenderEvent(new MoveMade(GameId, 1, Color.Red, 3, 0, Color.Yellow, new MoveClock(61_000, 60_000))));
        Assert.Equal("""{"red":61000,"yellow":60000}""", move["clock"]!.ToJsonString());
        Assert.False(Json(NativeMessages.RenderEvent(new MoveMade(GameId, 1, Color.Red, 3, 0, Color.Yellow))).ContainsKey("clock"));

        Assert.Equal(60_000, (long)Json(NativeMessages.RenderEvent(new PresenceChanged(GameId, Color.Red, false, 60_000)))["claimableIn"]!);
        Assert.False(Json(NativeMessages.RenderEvent(new PresenceChanged(GameId, Color.Red, false))).ContainsKey("claimableIn"));
        Assert.Equal(
            """{"type":"over","gameId":"Kx7pQ2mZa0bc","result":"yellow","reason":"timeout","line":null}""",
            Json(NativeMessages.RenderEvent(new GameEnded(GameId, 0, GameResult.YellowWins, EndReason.Timeout, null))).ToJsonString());
        Assert.Equal("abandoned", (string?)Json(NativeMessages.RenderEvent(new GameEnded(GameId, 0, GameResult.RedWins, EndReason.Abandoned, null)))["reason"]);
    }
}
