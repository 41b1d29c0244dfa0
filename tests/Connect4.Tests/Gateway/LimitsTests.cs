using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connect4.Gateway.Transport;
using Connect4.Tests.Infrastructure;
using Xunit.Abstractions;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>The limits of PROTOCOL.md section 6: message size, rate, and clients that do not read.</summary>
public abstract class LimitsTests(ITestOutputHelper output)
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    /// <summary>A ping padded with an ignored field to exactly <paramref name="bytes"/> bytes.</summary>
    private static string PaddedPing(int bytes, string rid)
    {
        var head = $"{{\"type\":\"ping\",\"rid\":\"{rid}\",\"pad\":\"";
        const string tail = "\"}";
        var text = head + new string('x', bytes - head.Length - tail.Length) + tail;
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(text));
        return text;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_message_of_4_KiB_is_accepted_and_a_larger_one_closes_the_connection_with_1009(bool tutorial)
    {
        await using var host = await StartHostAsync();
        await using var client = tutorial ? await TestClient.ConnectAsync(host.TutorialUri) : await TestClient.HelloAsync(host.WsUri);

        if (!tutorial)
        {
            await client.SendRawAsync(PaddedPing(4096, "largest"));
            var pong = await client.ReceiveAsync(m => IsString(m["rid"], "largest"), "the pong to a 4096-byte ping");
            Assert.Equal("pong", (string?)pong["type"]);
        }

        await client.SendRawAsync(PaddedPing(4097, "too-large"));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitClosedAsync());
        Assert.DoesNotContain(client.Seen, m => IsString(m["rid"], "too-large"));
        await UntilAsync(() => Registry(host).Count == 0, "the server to drop the connection closed with 1009");
    }

    [Fact]
    public async Task A_flooding_client_gets_rate_limited_errors_after_its_burst_then_is_closed_with_1008()
    {
        await using var host = await StartHostAsync();
        await using var client = await TestClient.HelloAsync(host.WsUri, "flood");
        await using var bystander = await TestClient.HelloAsync(host.WsUri, "calm");

        const int commands = 400;
        var clock = Stopwatch.StartNew();
        var sent = 0;
        try
        {
            for (; sent < commands; sent++)
            {
                await client.SendAsync(new JsonObject { ["type"] = "ping", ["rid"] = sent });
            }
        }
        catch (WebSocketException)
        {
            // The server closed the connection while the client was still sending: that is the point.
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.WaitClosedAsync());
        var elapsed = clock.Elapsed;
        var seen = client.Seen;
        var pongs = seen.Count(m => (string?)m["type"] == "pong");
        var limited = seen.Where(m => (string?)m["type"] == "error" && (string?)m["code"] == "rate-limited").ToList();
        output.WriteLine($"sent {sent} in {elapsed.TotalMilliseconds:F0} ms: {pongs} pongs, {limited.Count} rate-limited, {seen.Count} messages in all");

        // A burst of 40 is allowed (the hello was one of them); beyond it, at most 20 a second.
        Assert.InRange(pongs + 1, 40, 40 + (int)Math.Ceiling(elapsed.TotalSeconds * 20) + 1);
        Assert.NotEmpty(limited);
        Assert.Equal(seen.Count, pongs + limited.Count + 1);

        // Each refused command got its own error, echoing its rid, in the order sent, after the last pong.
        var rids = limited.Select(m => m["rid"] is JsonValue r && r.GetValueKind() == JsonValueKind.Number ? (int)r : -1).ToList();
        Assert.True(rids.All(r => r >= 0), $"rate-limited errors without the command's rid: {string.Join(" ", limited.Take(3).Select(m => m.ToJsonString()))}");
        Assert.Equal(rids.Order(), rids);
        Assert.Equal(rids.Count, rids.Distinct().Count());

        // Other clients are not affected.
        await bystander.RequestAsync(Ping(), "pong");
        await UntilAsync(() => Registry(host).Count == 1, "the server to drop the flooding connection");
    }

    [Fact]
    public async Task A_client_that_never_reads_is_closed_with_1008_while_two_others_play_a_whole_game_without_delay()
    {
        // The rate limit is lifted for this host: the sockets' buffers absorb a few hundred KB before the server's
        // queue can fill, more than 20 commands a second could ask for in a test's time.
        var settings = NoRateLimit;
        settings["Gateway:SendQueueCapacity"] = "4";
        settings["Gateway:CloseTimeout"] = "00:00:02";
        await using var host = await StartHostAsync(settings);
        var registry = Registry(host);

        // The longest names (24 characters that each escape to 12 bytes of JSON) make snapshots large.
        var name = string.Concat(Enumerable.Repeat("\U0001F600", 24));
        await using var red = await TestClient.HelloAsync(host.WsUri, name);
        await using var yellow = await TestClient.HelloAsync(host.WsUri, name);
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);

        await using var slow = await TestClient.ConnectAsync(host.WsUri, read: false);
        SocketConnection? server = null;
        await UntilAsync(() => (server = registry.Connections.SingleOrDefault(c => c.PlayerId is null)) is not null, "the server side of the client that never reads");
        await slow.SendAsync(new JsonObject { ["type"] = "hello", ["name"] = name });
        await slow.SendAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey });

        // The slow client asks for the game's state over and over and reads none of the replies.
        using var stop = new CancellationTokenSource();
        var state = new JsonObject { ["type"] = "state", ["gameId"] = gameId, ["rid"] = new string('r', 64) }.ToJsonString();
        var asked = 0;
        var flood = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested && !server!.IsClosing)
                {
                    await slow.SendRawAsync(state);
                    asked++;
                }
            }
            catch (WebSocketException)
            {
            }
        });

        // The game goes on while the slow client's queue fills, and goes on without delay while the server holds
        // a connection it cannot write to: it has given up on it (1008) and waits out the close timeout.
        int[] columns = [3, 4, 3, 4, 3, 4, 3];
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, columns[..3]);
        await UntilAsync(() => server!.IsClosing, $"the server to close the connection of player {server!.PlayerId} that never reads (asked {asked} times)");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, server!.CloseStatus);
        output.WriteLine($"closing after {asked} state commands sent");
        for (var ply = 3; ply < columns.Length; ply++)
        {
            var clock = Stopwatch.StartNew();
            await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [columns[ply]], startPly: ply);
            output.WriteLine($"move {ply}: {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Move {ply} of game {gameId} took {clock.Elapsed} while player {server.PlayerId} was not reading");
            if (ply == 3)
            {
                Assert.True(registry.Connections.Contains(server), $"The connection of player {server.PlayerId} was gone before the game could go on beside it");
            }
        }

        Assert.Equal("red", (string?)(await yellow.NextAsync("over", gameId))["result"]);
        Assert.Equal("red", (string?)(await red.NextAsync("over", gameId))["result"]);

        await UntilAsync(() => !registry.Connections.Contains(server!), $"the server to drop the connection of player {server!.PlayerId} that never reads");
        await stop.CancelAsync();
        await flood.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, registry.Count);
        var spectators = (int)(await StateAsync(red, gameId))["spectators"]!;
        Assert.Equal(0, spectators);
    }
}

public sealed class LimitsEmbeddedTests(ITestOutputHelper output) : LimitsTests(output)
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class LimitsClusterTests(ITestOutputHelper output, ClusterFixture fixture) : LimitsTests(output), IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
