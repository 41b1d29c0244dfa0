using System.Buffers.Text;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>
/// Every error code of PROTOCOL.md sections 1 to 3 over a real WebSocket: each refused command gets exactly
/// one error reply echoing its rid, the connection stays open, and the refused command changes nothing.
/// </summary>
/// <remarks>The rate limit is lifted in these hosts: some tests send more than a burst's worth of commands.</remarks>
public abstract class ErrorCodeTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Invalid_json_non_objects_binary_and_unknown_types_are_refused_and_the_connection_stays_open()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var client = await TestClient.ConnectAsync(host.WsUri);

        // Before hello and after it, the same answers.
        for (var round = 0; round < 2; round++)
        {
            await ExpectRawErrorAsync(client, "{\"type\":\"ping\",", "bad-json");
            await ExpectRawErrorAsync(client, "not json at all", "bad-json");
            await ExpectRawErrorAsync(client, "", "bad-json");
            await ExpectRawErrorAsync(client, "[{\"type\":\"ping\"}]", "bad-request");
            await ExpectRawErrorAsync(client, "\"ping\"", "bad-request");
            await ExpectRawErrorAsync(client, "42", "bad-request");

            await client.SendBytesAsync(Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"rid\":1}"), WebSocketMessageType.Binary);
            var binary = await client.NextAsync("error");
            Assert.Equal("bad-request", (string?)binary["code"]);
            Assert.False(binary.ContainsKey("rid"), $"A binary message's error has a rid: {binary.ToJsonString()}");
            await AssertOpenAsync(client);

            // A missing or ill-typed type is bad-request, with the rid echoed since it was valid.
            await ExpectErrorAsync(client, [], "bad-request");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = 7 }, "bad-request");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = null }, "bad-request");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = "fly" }, "unknown-type");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = "PING" }, "unknown-type");

            // An invalid rid cannot be echoed.
            await ExpectRawErrorAsync(client, "{\"type\":\"ping\",\"rid\":1.5}", "bad-request");
            await ExpectRawErrorAsync(client, "{\"type\":\"ping\",\"rid\":true}", "bad-request");
            await ExpectRawErrorAsync(client, "{\"type\":\"ping\",\"rid\":{\"a\":1}}", "bad-request");
            await ExpectRawErrorAsync(client, $"{{\"type\":\"ping\",\"rid\":\"{new string('r', 65)}\"}}", "bad-request");

            if (round == 0)
            {
                var welcome = await client.RequestAsync(new JsonObject { ["type"] = "hello", ["name"] = "mallory" }, "welcome");
                Assert.Equal("mallory", (string?)welcome["name"]);
            }
        }

        // Unknown fields are ignored.
        await client.RequestAsync(new JsonObject { ["type"] = "ping", ["extra"] = new JsonArray(1, 2), ["x"] = "y" }, "pong");
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Rids_are_echoed_as_sent_integers_and_strings_and_events_carry_none()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");

        // A string rid, on a success and on an error.
        var stringRid = new string('s', 64);
        await red.SendAsync(new JsonObject { ["type"] = "ping", ["rid"] = stringRid });
        var pong = await red.ReceiveAsync(m => IsString(m["rid"], stringRid), $"a reply with rid '{stringRid}'");
        Assert.Equal("pong", (string?)pong["type"]);
        await red.SendAsync(new JsonObject { ["type"] = "state", ["gameId"] = "no-such-game", ["rid"] = "17" });
        var error = await red.ReceiveAsync(m => IsString(m["rid"], "17"), "a reply with rid \"17\"");
        Assert.Equal("not-found", (string?)error["code"]);

        // Integers, including ones beyond 32 bits and negative ones, come back as the same numbers.
        foreach (var rid in new long[] { 0, -5, 1L << 40 })
        {
            await red.SendAsync(new JsonObject { ["type"] = "ping", ["rid"] = rid });
            var reply = await red.ReceiveAsync(m => m["rid"] is JsonValue r && r.GetValueKind() == JsonValueKind.Number && (long)r == rid, $"a reply with rid {rid}");
            Assert.Equal("pong", (string?)reply["type"]);
        }

        // A command without rid gets a reply without one.
        await red.SendAsync(Ping());
        var bare = await red.NextAsync("pong");
        Assert.False(bare.ContainsKey("rid"), $"A reply to a command without rid has one: {bare.ToJsonString()}");

        // Every success reply echoes the rid (RequestAsync matches on it); events never carry one.
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);
        await using var spectator = await TestClient.HelloAsync(host.WsUri, "carol");
        await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4, 3]);
        await yellow.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        var state = await StateAsync(red, gameId);
        Assert.Equal("over", (string?)state["status"]);
        foreach (var client in new[] { red, yellow, spectator })
        {
            await client.NextAsync("over", gameId);
        }

        await spectator.RequestAsync(new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "unwatched");

        AssertEventsCarryNoRid(red, stateReplies: 1);
        AssertEventsCarryNoRid(yellow);
        AssertEventsCarryNoRid(spectator);
        Assert.Contains(red.Seen, m => (string?)m["type"] == "spectators");
        Assert.Contains(red.Seen, m => (string?)m["type"] == "joined-by");
    }

    [Fact]
    public async Task Missing_or_ill_typed_fields_bad_names_and_bad_colors_get_bad_request_and_change_nothing()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var client = await TestClient.ConnectAsync(host.WsUri);

        JsonObject Hello(JsonNode? name) => new() { ["type"] = "hello", ["name"] = name };
        await ExpectErrorAsync(client, Hello(""), "bad-request");
        await ExpectErrorAsync(client, Hello("   "), "bad-request");
        await ExpectErrorAsync(client, Hello(new string('n', 25)), "bad-request");
        await ExpectErrorAsync(client, Hello("bell\u0007"), "bad-request");
        await ExpectErrorAsync(client, Hello("new\nline"), "bad-request");
        await ExpectErrorAsync(client, Hello(42), "bad-request");
        await ExpectErrorAsync(client, Hello(new JsonArray("alice")), "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "hello", ["token"] = 12 }, "bad-request");

        // None of those made this connection a player: it still needs hello.
        await ExpectErrorAsync(client, Ping(), "not-authenticated");
        var welcome = await client.RequestAsync(Hello("  alice  "), "welcome");
        Assert.Equal("alice", (string?)welcome["name"]);
        await ExpectErrorAsync(client, Hello("alice"), "bad-request");

        // The longest name allowed.
        await using (var longest = await TestClient.ConnectAsync(host.WsUri))
        {
            var name = new string('x', 24);
            Assert.Equal(name, (string?)(await longest.RequestAsync(Hello(name), "welcome"))["name"]);
        }

        JsonObject Create(string field, JsonNode? value) => new() { ["type"] = "create", [field] = value };
        await ExpectErrorAsync(client, Create("color", "blue"), "bad-request");
        await ExpectErrorAsync(client, Create("color", "RED"), "bad-request");
        await ExpectErrorAsync(client, Create("color", 1), "bad-request");
        await ExpectErrorAsync(client, Create("opponent", "robot"), "bad-request");
        await ExpectErrorAsync(client, Create("opponent", true), "bad-request");
        await ExpectErrorAsync(client, Create("level", 0), "bad-request");
        await ExpectErrorAsync(client, Create("level", 6), "bad-request");
        await ExpectErrorAsync(client, Create("level", "3"), "bad-request");

        await ExpectErrorAsync(client, new JsonObject { ["type"] = "join" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "join", ["joinKey"] = 5 }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "join", ["joinKey"] = "" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch", ["gameId"] = 5 }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch", ["watchKey"] = new JsonObject() }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "unwatch" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "state" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "state", ["gameId"] = 3 }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "resign" }, "bad-request");

        // A game to aim the ill-typed moves at.
        var created = await client.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        await using var yellow = await TestClient.HelloAsync(host.WsUri);
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["column"] = 3 }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = gameId }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = "3" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = 2.5 }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = 3, ["ply"] = "0" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = 3, ["ply"] = 0.5 }, "bad-request");

        // Nothing was played, and the refused creates made no game: the player has only the one it created.
        var state = await StateAsync(client, gameId);
        Assert.Empty(Moves(state));
        Assert.Equal("red", (string?)state["turn"]);
        await using var again = await TestClient.ConnectAsync(host.WsUri);
        var resumed = await again.RequestAsync(new JsonObject { ["type"] = "hello", ["token"] = (string)welcome["token"]! }, "welcome");
        Assert.Equal([gameId], resumed["games"]!.AsArray().Select(g => (string)g!));
    }

    [Fact]
    public async Task Commands_before_hello_get_not_authenticated_and_are_not_executed()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var creator = await TestClient.HelloAsync(host.WsUri, "alice");
        var created = await creator.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        var gameId = (string)created["gameId"]!;
        await using var anonymous = await TestClient.ConnectAsync(host.WsUri);

        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "create" }, "not-authenticated");
        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "not-authenticated");
        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "watch", ["watchKey"] = (string)created["watchKey"]! }, "not-authenticated");
        await ExpectErrorAsync(anonymous, Play(gameId, 3, 0), "not-authenticated");
        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "not-authenticated");
        await ExpectErrorAsync(anonymous, State(gameId), "not-authenticated");
        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "unwatch", ["gameId"] = gameId }, "not-authenticated");
        await ExpectErrorAsync(anonymous, new JsonObject { ["type"] = "analyze", ["gameId"] = gameId }, "not-authenticated");
        // The pings that ExpectErrorAsync sends to check the connection are commands too.
        Assert.Equal(16, anonymous.Seen.Count(m => (string?)m["type"] == "error" && (string?)m["code"] == "not-authenticated"));

        // None of them ran: no game was created or joined or watched, nothing was sent about any game.
        var welcome = await anonymous.RequestAsync(new JsonObject { ["type"] = "hello" }, "welcome");
        Assert.Empty(welcome["games"]!.AsArray());
        Assert.StartsWith("guest-", (string?)welcome["name"]);
        var state = await StateAsync(creator, gameId);
        Assert.Equal("waiting", (string?)state["status"]);
        Assert.Null(state["yellow"]);
        Assert.Equal(0, (int)state["spectators"]!);
        await ExpectErrorAsync(anonymous, State(gameId), "not-found");
        Assert.DoesNotContain(anonymous.Seen, m => (string?)m["type"] is "created" or "joined" or "watching" or "game" or "played");
    }

    [Fact]
    public async Task Forged_and_altered_tokens_get_auth_failed_and_hello_without_token_then_works_on_the_same_connection()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var other = await StartHostAsync();
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        string foreign;
        await using (var stranger = await TestClient.HelloAsync(other.WsUri, "eve"))
        {
            foreign = stranger.Token;
        }

        var parts = alice.Token.Split('.');
        Assert.Equal(3, parts.Length);
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        Assert.StartsWith(alice.PlayerId + "|", payload);
        var otherPlayer = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace(alice.PlayerId, "p" + new string('A', 16), StringComparison.Ordinal)));
        var laterExpiry = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(alice.PlayerId + "|" + long.MaxValue));
        var signature = parts[2].ToCharArray();
        signature[0] = signature[0] == 'A' ? 'B' : 'A';

        string[] refused =
        [
            foreign,                                                  // signed with another server's key
            $"{parts[0]}.{otherPlayer}.{parts[2]}",                   // someone else's id under alice's signature
            $"{parts[0]}.{laterExpiry}.{parts[2]}",                   // a longer life under alice's signature
            $"{parts[0]}.{parts[1]}.{new string(signature)}",         // a signature changed by one character
            $"v2.{parts[1]}.{parts[2]}",                              // another version
            alice.Token + "x",
            "v1.abc.def",
            "not-a-token",
            "",
        ];

        await using var client = await TestClient.ConnectAsync(host.WsUri);
        foreach (var token in refused)
        {
            await ExpectErrorAsync(client, new JsonObject { ["type"] = "hello", ["token"] = token }, "auth-failed");
            // A refused hello leaves the connection unauthenticated.
            await ExpectErrorAsync(client, State("any"), "not-authenticated");
        }

        var welcome = await client.RequestAsync(new JsonObject { ["type"] = "hello", ["name"] = "newcomer" }, "welcome");
        Assert.NotEqual(alice.PlayerId, (string?)welcome["playerId"]);
        Assert.Equal("newcomer", (string?)welcome["name"]);
        await client.RequestAsync(new JsonObject { ["type"] = "create" }, "created");

        // The genuine token still works.
        await using var again = await TestClient.HelloAsync(host.WsUri, token: alice.Token);
        Assert.Equal(alice.PlayerId, again.PlayerId);
    }

    [Fact]
    public async Task An_expired_token_gets_auth_failed()
    {
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Gateway:TokenLifetime"] = "00:00:00.001" });
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(alice.Token.Split('.')[1]));
        var expires = long.Parse(payload[(payload.LastIndexOf('|') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await UntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > expires, $"the token of {alice.PlayerId} expiring at {expires}");

        await using var client = await TestClient.ConnectAsync(host.WsUri);
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "hello", ["token"] = alice.Token }, "auth-failed");
        var welcome = await client.RequestAsync(new JsonObject { ["type"] = "hello" }, "welcome");
        Assert.NotEqual(alice.PlayerId, (string?)welcome["playerId"]);
    }
}

public sealed class ErrorCodeEmbeddedTests : ErrorCodeTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class ErrorCodeClusterTests(ClusterFixture fixture) : ErrorCodeTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
