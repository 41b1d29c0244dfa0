using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>PROTOCOL.md section 11 over real WebSockets: the two rooms and who reads them, the errors, and the chat's own budget.</summary>
public abstract class ChatTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static JsonObject Say(string gameId, string? text) => new() { ["type"] = "say", ["gameId"] = gameId, ["text"] = text };

    private static Task<JsonObject> ChatAsync(TestClient client, string text) =>
        client.ReceiveAsync(m => (string?)m["type"] == "chat" && (string?)m["text"] == text, $"the chat line '{text}'");

    private static List<string> ChatTexts(TestClient client) =>
        [.. client.Seen.Where(m => (string?)m["type"] == "chat").Select(m => (string)m["text"]!)];

    private static List<string> SnapshotChat(JsonObject game) => [.. game["chat"]!.AsArray().Select(m => (string)m!["text"]!)];

    [Fact]
    public async Task Players_and_spectators_each_read_only_their_own_room_and_the_tutorial_dialect_reads_none()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var carol = await TestClient.HelloAsync(host.WsUri, "carol");
        await using var dave = await TestClient.HelloAsync(host.WsUri, "dave");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(alice, bob);
        foreach (var spectator in new[] { carol, dave })
        {
            await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        }

        await using var tutorial = await TestClient.ConnectAsync(host.TutorialUri);
        await tutorial.SendAsync(new JsonObject { ["type"] = "init", ["watch"] = watchKey });
        await alice.RequestAsync(Play(gameId, 3, 0), "played");
        await tutorial.NextAsync("play");

        var said = await alice.RequestAsync(Say(gameId, "  hello bob  "), "said");
        Assert.Equal(gameId, (string?)said["gameId"]);
        var line = await ChatAsync(bob, "hello bob");
        Assert.Equal((gameId, "players", alice.PlayerId, "alice"), ((string?)line["gameId"], (string?)line["room"], (string?)line["from"]!["playerId"], (string?)line["from"]!["name"]));
        var at = DateTimeOffset.Parse((string)line["at"]!, CultureInfo.InvariantCulture);
        Assert.EndsWith("Z", (string)line["at"]!, StringComparison.Ordinal);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - at).TotalMinutes) < 1, $"at {at} is not now");
        Assert.False(line.ContainsKey("rid"));
        await ChatAsync(alice, "hello bob");

        await carol.RequestAsync(Say(gameId, "go alice"), "said");
        Assert.Equal("spectators", (string?)(await ChatAsync(dave, "go alice"))["room"]);
        await ChatAsync(carol, "go alice");

        // A last line of each room: once its readers have it, the other room's readers had time to get what they should not.
        await bob.RequestAsync(Say(gameId, "hi alice"), "said");
        await dave.RequestAsync(Say(gameId, "go bob"), "said");
        await ChatAsync(alice, "hi alice");
        await ChatAsync(carol, "go bob");
        await Task.Delay(300);
        Assert.Equal(["hello bob", "hi alice"], ChatTexts(alice));
        Assert.Equal(["hello bob", "hi alice"], ChatTexts(bob));
        Assert.Equal(["go alice", "go bob"], ChatTexts(carol));
        Assert.Equal(["go alice", "go bob"], ChatTexts(dave));
        Assert.All(tutorial.Seen, m => Assert.Contains((string?)m["type"], new[] { "init", "play", "win", "error" }));

        Assert.Equal(["hello bob", "hi alice"], SnapshotChat(await StateAsync(bob, gameId)));
        Assert.Equal(["go alice", "go bob"], SnapshotChat(await StateAsync(dave, gameId)));
        Assert.All((await StateAsync(carol, gameId))["chat"]!.AsArray(), m => Assert.Equal("chat", (string?)m!["type"]));
    }

    [Fact]
    public async Task Players_go_on_reading_each_other_after_the_end_of_their_game_until_they_play_another()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await RematchTests.FinishedGameAsync(alice, bob);

        await bob.RequestAsync(Say(gameId, "gg"), "said");
        Assert.Equal("players", (string?)(await ChatAsync(alice, "gg"))["room"]);

        // Alice's connection leaves the finished game once it plays another; Bob's, still there, reads his own line.
        await alice.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        await bob.RequestAsync(Say(gameId, "rematch?"), "said");
        await ChatAsync(bob, "rematch?");
        await Task.Delay(300);
        Assert.Equal(["gg"], ChatTexts(alice));
        Assert.Equal(["gg", "rematch?"], SnapshotChat(await StateAsync(alice, gameId)));
    }

    [Fact]
    public async Task A_bad_text_is_bad_request_and_a_stranger_or_an_unknown_game_not_found_and_nothing_is_said()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        await using var eve = await TestClient.HelloAsync(host.WsUri, "eve");
        var (gameId, _) = await GamePlayTests.StartGameAsync(alice, bob);

        foreach (var text in new[] { null, "", "   ", new string('x', 281), "two\nlines", "bell\u0007", "\u202Ereversed" })
        {
            await ExpectErrorAsync(alice, Say(gameId, text), "bad-request");
        }

        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "say", ["gameId"] = gameId, ["text"] = 7 }, "bad-request");
        await ExpectErrorAsync(eve, Say(gameId, "let me in"), "not-found");
        await ExpectErrorAsync(alice, Say("AAAAAAAAAAAA", "anyone?"), "not-found");

        await alice.RequestAsync(Say(gameId, new string('y', 280)), "said");
        await ChatAsync(bob, new string('y', 280));
        Assert.Single(ChatTexts(bob));
        Assert.Single(SnapshotChat(await StateAsync(alice, gameId)));
    }

    [Fact]
    public async Task Beyond_five_lines_at_once_and_one_a_second_a_line_is_rate_limited_apart_from_the_command_budget()
    {
        await using var host = await StartHostAsync();
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, _) = await GamePlayTests.StartGameAsync(alice, bob);

        // Sent at once, answered in order: at most 5, and one more for each second they took, may be said.
        const int sent = 15;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < sent; i++)
        {
            var say = Say(gameId, $"line {i}");
            say["rid"] = $"say-{i}";
            await alice.SendAsync(say);
        }

        var replies = new List<string>();
        for (var i = 0; i < sent; i++)
        {
            var reply = await alice.ReceiveAsync(m => IsString(m["rid"], $"say-{i}"), $"the reply to say-{i}");
            replies.Add((string?)reply["type"] == "said" ? "said" : (string)reply["code"]!);
        }

        var seconds = Math.Ceiling(clock.Elapsed.TotalSeconds);
        var accepted = replies.Count(r => r == "said");
        Assert.All(replies, r => Assert.Contains(r, new[] { "said", "rate-limited" }));
        Assert.True(accepted >= 5 && accepted <= 5 + seconds, $"{accepted} lines said in {seconds} s: {string.Join(" ", replies)}");

        // The command budget is untouched: other commands go on, and the refused lines were never said.
        await alice.RequestAsync(Play(gameId, 3, 0), "played");
        await AssertOpenAsync(alice);
        await UntilAsync(() => ChatTexts(bob).Count == accepted, $"bob reads the {accepted} lines said");
        await Task.Delay(300);
        Assert.Equal(accepted, ChatTexts(bob).Count);
    }
}

public sealed class ChatEmbeddedTests : ChatTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class ChatClusterTests(ClusterFixture fixture) : ChatTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
