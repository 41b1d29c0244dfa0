using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Connect4.Gateway.Tutorial;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>
/// What a hostile client may send: strings that are not text, empty and misshapen ids, names that weigh more than they
/// show, floods of unreadable commands. Each gets a clear refusal with its rid, and nothing of it reaches the log as a bug.
/// </summary>
public sealed class HostileInputTests
{
    private const string Surrogate = "\"\\ud83d\"";

    /// <summary>A command as raw JSON, with <paramref name="field"/> set to raw JSON text <paramref name="value"/>.</summary>
    private static string Raw(string type, string rid, string? field = null, string? value = null, string extra = "") =>
        $"{{\"type\":\"{type}\",\"rid\":\"{rid}\"{(field is null ? "" : $",\"{field}\":{value}")}{extra}}}";

    private static async Task<JsonObject> RawErrorAsync(TestClient client, string text, string rid)
    {
        await client.SendRawAsync(text);
        var reply = await client.ReceiveAsync(m => IsString(m["rid"], rid), $"the reply to {text}");
        Assert.True((string?)reply["type"] == "error", $"{text} got {reply.ToJsonString()}");
        return reply;
    }

    [Fact]
    public async Task A_lone_surrogate_in_any_string_field_is_bad_request_with_the_rid_before_and_after_hello()
    {
        await using var host = await GatewayHost.StartAsync(NoRateLimit);
        await using var client = await TestClient.ConnectAsync(host.WsUri);

        Assert.Equal("bad-request", (string?)(await RawErrorAsync(client, Raw("hello", "n", "name", Surrogate), "n"))["code"]);
        Assert.Equal("bad-request", (string?)(await RawErrorAsync(client, Raw("hello", "t", "token", Surrogate), "t"))["code"]);
        Assert.Equal("bad-request", (string?)(await RawErrorAsync(client, $"{{\"type\":{Surrogate},\"rid\":\"ty\"}}", "ty"))["code"]);
        await ExpectRawErrorAsync(client, $"{{\"type\":\"ping\",\"rid\":{Surrogate}}}", "bad-request");
        await client.RequestAsync(new JsonObject { ["type"] = "hello", ["name"] = "carol" }, "welcome");

        (string Type, string Field)[] fields =
        [
            ("create", "opponent"), ("create", "color"), ("join", "joinKey"), ("watch", "watchKey"), ("watch", "gameId"),
            ("unwatch", "gameId"), ("play", "gameId"), ("resign", "gameId"), ("state", "gameId"), ("analyze", "gameId"),
        ];
        foreach (var (type, field) in fields)
        {
            var rid = $"{type}-{field}";
            var reply = await RawErrorAsync(client, Raw(type, rid, field, Surrogate, type == "play" ? ",\"column\":3" : ""), rid);
            Assert.True((string?)reply["code"] == "bad-request", $"{type}.{field}: {reply.ToJsonString()}");
        }

        Assert.Equal("bad-request", (string?)(await RawErrorAsync(client, $"{{\"type\":\"p\\udc00ng\",\"rid\":7}}".Replace("\"rid\":7", "\"rid\":\"r7\""), "r7"))["code"]);
        await AssertOpenAsync(client);
        Assert.Empty(host.Log.Failures);
    }

    [Fact]
    public async Task Unreadable_commands_over_the_rate_limit_get_rate_limited_and_the_connection_lives_on()
    {
        var settings = new Dictionary<string, string?> { ["Gateway:CommandBurst"] = "2", ["Gateway:CommandsPerSecond"] = "1" };
        await using var host = await GatewayHost.StartAsync(settings);
        await using var client = await TestClient.HelloAsync(host.WsUri, "flood");
        await client.SendRawAsync("{\"type\":\"ping\",\"rid\":\"spent\"}");

        // Over the limit: refused unread, but the rid is still echoed when it can be read.
        await client.SendRawAsync($"{{\"type\":{Surrogate},\"rid\":\"limited\"}}");
        await client.SendRawAsync($"{{\"type\":\"ping\",\"rid\":{Surrogate}}}");
        await client.SendRawAsync("{\"type\":\"ping\",\"rid\":\"last\"}");
        var limited = await client.ReceiveAsync(m => IsString(m["rid"], "limited"), "the rate-limited error echoing its rid");
        Assert.Equal("rate-limited", (string?)limited["code"]);
        var last = await client.ReceiveAsync(m => IsString(m["rid"], "last"), "the reply to the last ping");
        Assert.Equal("rate-limited", (string?)last["code"]);
        Assert.Contains(client.Seen, m => (string?)m["code"] == "rate-limited" && !m.ContainsKey("rid"));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await client.RequestAsync(Ping(), "pong");
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.Empty(host.Log.Failures);
    }

    [Fact]
    public async Task Empty_ids_and_keys_are_bad_request_and_ids_of_no_possible_game_are_not_found()
    {
        await using var host = await GatewayHost.StartAsync(NoRateLimit);
        await using var client = await TestClient.HelloAsync(host.WsUri, "dave");

        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch", ["gameId"] = "" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch", ["watchKey"] = "" }, "bad-request");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "play", ["gameId"] = "", ["column"] = 3 }, "bad-request");
        foreach (var type in new[] { "unwatch", "resign", "state", "analyze" })
        {
            await ExpectErrorAsync(client, new JsonObject { ["type"] = type, ["gameId"] = "" }, "bad-request");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = type, ["gameId"] = new string('g', 3000) }, "not-found");
            await ExpectErrorAsync(client, new JsonObject { ["type"] = type, ["gameId"] = "../../etc" }, "not-found");
        }

        await ExpectErrorAsync(client, new JsonObject { ["type"] = "join", ["joinKey"] = "." }, "not-found");
        await ExpectErrorAsync(client, new JsonObject { ["type"] = "watch", ["watchKey"] = new string('k', 3000) }, "not-found");
        Assert.Empty(host.Log.Failures);
    }

    public static TheoryData<string> RefusedNames() =>
    [
        "a" + new string('\u0301', 1900),                // one letter and 1,900 combining marks
        "e\u0301\u0302\u0303\u0304\u0305",               // five marks on one letter
        "abc\u202Edef",                                  // right-to-left override
        "\u2067evil\u2069",                              // right-to-left isolate
        "zero\u200Bwidth",                               // zero-width space
        "soft\u00ADhyphen",                              // soft hyphen
        "line\u2028break",                               // line separator
        "\uE000private",                                 // private use
        string.Concat(Enumerable.Repeat("\U0001F468\u200D\U0001F469\u200D\U0001F467", 6)), // six families: 6 characters, 108 bytes
    ];

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public async Task Names_that_weigh_more_than_they_show_or_steer_the_text_around_them_are_refused(string name)
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await TestClient.ConnectAsync(host.WsUri);

        // Sent as UTF-8, unescaped, as an attacker would to fit the most into 4 KiB.
        var reply = await RawErrorAsync(client, $"{{\"type\":\"hello\",\"rid\":\"n\",\"name\":\"{name}\"}}", "n");
        Assert.Equal("bad-request", (string?)reply["code"]);
        await ExpectErrorAsync(client, Ping(), "not-authenticated");
    }

    [Theory]
    [InlineData("Zoë")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467 family")]
    [InlineData("مرحبا\u200Cبك")]
    [InlineData("नमस्ते")]
    [InlineData("\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600\U0001F600")]
    public async Task Names_in_any_script_with_joiners_and_a_few_marks_are_accepted(string name)
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await TestClient.ConnectAsync(host.WsUri);
        var welcome = await client.RequestAsync(new JsonObject { ["type"] = "hello", ["name"] = name }, "welcome");
        Assert.Equal(name, (string?)welcome["name"]);
    }

    [Fact]
    public async Task The_tutorial_dialect_answers_unreadable_messages_with_its_own_texts_only()
    {
        await using var host = await GatewayHost.StartAsync(NoRateLimit);
        await using var client = await TestClient.ConnectAsync(host.TutorialUri);

        async Task<string?> ErrorTextAsync(Func<Task> send)
        {
            await send();
            return (string?)(await client.NextAsync("error"))["message"];
        }

        Assert.Equal(TutorialTexts.Invalid, await ErrorTextAsync(() => client.SendRawAsync($"{{\"type\":\"init\",\"join\":{Surrogate}}}")));
        Assert.Equal(TutorialTexts.Invalid, await ErrorTextAsync(() => client.SendRawAsync($"{{\"type\":{Surrogate}}}")));
        Assert.Equal(TutorialTexts.Invalid, await ErrorTextAsync(() => client.SendRawAsync("{\"type\":\"init\",\"watch\":7}")));
        Assert.Equal(TutorialTexts.Invalid, await ErrorTextAsync(() => client.SendRawAsync("{\"type\":\"init\",\"join\":\"\"}")));
        Assert.Equal(TutorialTexts.Invalid, await ErrorTextAsync(() => client.SendRawAsync("[1,2]")));
        Assert.Equal(TutorialTexts.GameNotFound, await ErrorTextAsync(() => client.SendRawAsync("{\"type\":\"init\",\"join\":\"nope\"}")));
        Assert.Equal(TutorialTexts.Unsupported, await ErrorTextAsync(() => client.SendBinaryAsync([1, 2, 3])));

        // Unreadable messages started nothing: this connection can still start a game.
        await client.SendAsync(new JsonObject { ["type"] = "init" });
        Assert.NotNull((string?)(await client.NextAsync("init"))["join"]);
        Assert.Empty(host.Log.Failures);
    }

    [Fact]
    public void Every_tutorial_error_text_is_in_the_contract_or_listed_in_docs_protocol()
    {
        var docs = File.ReadAllText(Repository.File("docs/PROTOCOL.md"));
        var texts = typeof(TutorialTexts).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(texts);
        Assert.All(texts, text => Assert.Contains($"`{text}`", docs, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tcp_connection_that_sends_nothing_is_closed_within_the_ping_interval_and_timeout()
    {
        var settings = new Dictionary<string, string?> { ["Gateway:KeepAliveInterval"] = "00:00:01", ["Gateway:KeepAliveTimeout"] = "00:00:02" };
        await using var host = await GatewayHost.StartAsync(settings);
        await using var silent = await RawWebSocket.ConnectTcpAsync(host.HttpUri);
        await using var halfHeaders = await RawWebSocket.ConnectTcpAsync(host.HttpUri);
        await halfHeaders.SendBytesAsync(Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: x\r\n"));

        // 1 s + 2 s, and Kestrel checks its timeouts once a second.
        Assert.True(await silent.EndsWithinAsync(TimeSpan.FromSeconds(8)), "A connection that never sent a byte was still open after 8 s");
        Assert.True(await halfHeaders.EndsWithinAsync(TimeSpan.FromSeconds(3)), "A connection that never finished its headers was still open");
    }

    [Fact]
    public async Task A_client_that_never_reads_is_closed_with_1008_before_a_megabyte_waits_for_it()
    {
        await using var host = await GatewayHost.StartAsync(NoRateLimit);
        await using var reader = await RawWebSocket.ConnectAsync(host.WsUri, receiveBufferBytes: 8 * 1024);
        await reader.SendTextAsync("{\"type\":\"hello\",\"name\":\"sloth\"}");
        var registry = Registry(host);
        await UntilAsync(() => registry.Connections.Any(c => c.PlayerId is not null), "the hello of the client that never reads");
        var server = registry.Connections.Single();

        // Each ping with a 64-character rid gets a pong of about 90 bytes, none of them read: 1 MB in all.
        var ping = RawWebSocket.Frame(0x81, Encoding.UTF8.GetBytes($"{{\"type\":\"ping\",\"rid\":\"{new string('r', 64)}\"}}"));
        var pings = 1024 * 1024 / 90;
        var batch = new byte[ping.Length * 100];
        for (var i = 0; i < 100; i++)
        {
            ping.CopyTo(batch, i * ping.Length);
        }

        for (var sent = 0; sent < pings && !server.IsClosing; sent += 100)
        {
            await reader.SendBytesAsync(batch);
        }

        await UntilAsync(() => server.IsClosing, "the server to give up on a client with a megabyte of replies unread");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, server.CloseStatus);
        await UntilAsync(() => registry.Count == 0, "the server to drop the connection that never reads");
    }
}
