using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connect4.Gateway.Tutorial;
using Connect4.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Connect4.Tests.Gateway.Fuzz;

/// <summary>
/// A seeded, bounded fuzz run against a real gateway, on both endpoints: every refused message gets exactly one error,
/// never <c>internal</c>, with its rid wherever one was readable; every protocol violation ends with a close frame, not a
/// reset; no <c>fail:</c> line reaches the log; and a clean game plays to the end afterwards. <c>FUZZ_FRAMES</c> (default
/// 20,000) and <c>FUZZ_SEED</c> change the run.
/// </summary>
public sealed class HostileFrameTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(10);

    private static readonly string[] RefusalTexts = [TutorialTexts.Invalid, TutorialTexts.Unsupported, TutorialTexts.GameNotFound];

    [Fact]
    public async Task Thousands_of_hostile_frames_get_clear_refusals_and_leave_the_gateway_playing()
    {
        var frames = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_FRAMES"), out var f) ? f : 20000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20261204;
        output.WriteLine($"FUZZ_FRAMES={frames} FUZZ_SEED={seed}");
        var generator = new HostileFrames(seed);
        var random = new Random(seed);

        await using var host = await GatewayHost.StartAsync(Wire.NoRateLimit);
        await using var native = await RawWebSocket.ConnectAsync(host.WsUri);
        await native.SendTextAsync("{\"type\":\"hello\",\"name\":\"fuzz\"}");
        Assert.Equal("welcome", Type(await native.ReceiveTextAsync(ReplyWait)));
        await using var tutorial = await RawWebSocket.ConnectAsync(host.TutorialUri);

        var counts = new Dictionary<string, int>();
        for (var sent = 0; sent < frames; sent++)
        {
            var roll = random.Next(100);
            if (roll < 4)
            {
                await FatalAsync(host, generator.NextFatal(), random.Next(2) == 0 ? "/ws" : "/", counts);
            }
            else if (roll < 30)
            {
                var (text, binary) = generator.NextTutorial();
                await tutorial.SendBytesAsync(RawWebSocket.Frame((byte)(0x80 | (binary ? RawWebSocket.Binary : RawWebSocket.Text)), Encoding.UTF8.GetBytes(text)));
                var reply = JsonNode.Parse(await tutorial.ReceiveTextAsync(ReplyWait) ?? throw Fail("tutorial", text, tutorial))!.AsObject();
                Assert.True((string?)reply["type"] == "error" && RefusalTexts.Contains((string?)reply["message"]), $"tutorial {text}: {reply.ToJsonString()}");
                Count(counts, "tutorial " + (string?)reply["message"]);
            }
            else
            {
                var hostile = generator.NextNative();
                var bytes = Encoding.UTF8.GetBytes(hostile.Text);
                await native.SendBytesAsync(RawWebSocket.Frame((byte)(0x80 | (hostile.Binary ? RawWebSocket.Binary : RawWebSocket.Text)), bytes));
                var reply = JsonNode.Parse(await native.ReceiveTextAsync(ReplyWait) ?? throw Fail("native", hostile.Text, native))!.AsObject();
                var code = (string?)reply["code"];
                Assert.True((string?)reply["type"] == "error" && hostile.Codes.Contains(code), $"native {hostile.Text}: {reply.ToJsonString()}");
                if (hostile.RidKnown)
                {
                    var rid = reply["rid"]?.ToJsonString();
                    Assert.True(rid == hostile.Rid, $"native {hostile.Text}: expected rid {hostile.Rid ?? "none"}, got {reply.ToJsonString()}");
                }

                Count(counts, "native " + code);
            }
        }

        output.WriteLine(string.Join("\n", counts.OrderBy(c => c.Key).Select(c => $"{c.Value,6} {c.Key}")));
        Assert.Empty(host.Log.Failures);

        // The gateway still plays: a whole game, and the fuzzing connections still answer.
        await using var red = await TestClient.HelloAsync(host.WsUri, "red");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "yellow");
        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4, 3, 4, 3]);
        Assert.Equal("red", (string?)(await yellow.NextAsync("over", gameId))["result"]);
        await native.SendTextAsync("{\"type\":\"ping\",\"rid\":\"end\"}");
        Assert.Equal("pong", Type(await native.ReceiveTextAsync(ReplyWait)));
        Assert.Empty(host.Log.Failures);
    }

    /// <summary>A protocol violation on a connection of its own, followed by more the server never reads.</summary>
    private static async Task FatalAsync(GatewayHost host, FatalCase fatal, string path, Dictionary<string, int> counts)
    {
        await using var socket = await RawWebSocket.ConnectAsync(new Uri(host.HttpUri, path));
        var trailing = RawWebSocket.Frame(0x80 | RawWebSocket.Text, Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"rid\":1}"));
        await socket.SendBytesAsync([.. fatal.Frame, .. trailing, .. trailing]);
        var ending = await socket.WaitEndAsync(ReplyWait);
        Assert.True(ending == RawEnding.CloseFrame && socket.CloseCode == fatal.Code,
            $"{fatal.What} on {path}: ended with {ending} (close code {socket.CloseCode}), expected a close frame with {fatal.Code}");
        Count(counts, $"closed {fatal.Code}");
    }

    private static string? Type(string? message) => message is null ? null : (string?)JsonNode.Parse(message)?["type"];

    private static Xunit.Sdk.XunitException Fail(string endpoint, string text, RawWebSocket socket) =>
        new($"{endpoint}: no reply to {JsonSerializer.Serialize(text)} (connection closed with {socket.CloseCode?.ToString() ?? "no close frame"})");

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
