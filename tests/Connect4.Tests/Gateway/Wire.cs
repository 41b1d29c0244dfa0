using System.Text.Json;
using System.Text.Json.Nodes;
using Connect4.Gateway.Transport;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Tests.Gateway;

/// <summary>Small helpers shared by the gateway's end-to-end tests.</summary>
internal static class Wire
{
    /// <summary>The event types of the native protocol (PROTOCOL.md section 4), which never carry a rid.</summary>
    public static readonly string[] EventTypes = ["game", "move", "over", "joined-by", "presence", "spectators"];

    /// <summary>Settings that lift the rate limit, for tests that send many commands on one connection for other reasons.</summary>
    public static Dictionary<string, string?> NoRateLimit => new()
    {
        ["Gateway:CommandsPerSecond"] = "10000",
        ["Gateway:CommandBurst"] = "10000",
    };

    /// <summary>
    /// <paramref name="red"/> creates a game (<paramref name="options"/> added to its <c>create</c>), <paramref name="yellow"/>
    /// joins it, and red wins with four in column 3; returns the game's id once red heard <c>over</c>.
    /// </summary>
    public static async Task<string> PlayVerticalFourAsync(TestClient red, TestClient yellow, JsonObject? options = null)
    {
        var create = options ?? new JsonObject();
        create["type"] = "create";
        var created = await red.RequestAsync(create, "created");
        var gameId = (string)created["gameId"]!;
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        int[] columns = [3, 4, 3, 4, 3, 4, 3];
        for (var i = 0; i < columns.Length; i++)
        {
            await (i % 2 == 0 ? red : yellow).RequestAsync(Play(gameId, columns[i], i), "played");
        }

        await red.NextAsync("over", gameId);
        return gameId;
    }

    public static JsonObject Ping() => new() { ["type"] = "ping" };

    public static JsonObject Play(string gameId, int column, int? ply = null) =>
        new() { ["type"] = "play", ["gameId"] = gameId, ["column"] = column, ["ply"] = ply };

    public static JsonObject State(string gameId) => new() { ["type"] = "state", ["gameId"] = gameId };

    /// <summary>
    /// Sends <paramref name="command"/>, asserts that the reply is an error with <paramref name="code"/> (and a
    /// message for people), then checks with a ping that the connection is still open.
    /// </summary>
    public static async Task<JsonObject> ExpectErrorAsync(TestClient client, JsonObject command, string code)
    {
        var reply = await client.RequestAsync(command, "error");
        Assert.True(code == (string?)reply["code"], $"Player {client.PlayerId}: expected '{code}' for {command.ToJsonString()}, got {reply.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace((string?)reply["message"]), $"An error without a message: {reply.ToJsonString()}");
        await AssertOpenAsync(client);
        return reply;
    }

    /// <summary>
    /// Sends raw text (not a command object this client can number), asserts the error it gets carries no rid
    /// and has <paramref name="code"/>, then checks with a ping that the connection is still open.
    /// </summary>
    public static async Task<JsonObject> ExpectRawErrorAsync(TestClient client, string text, string code)
    {
        await client.SendRawAsync(text);
        var reply = await client.NextAsync("error");
        Assert.True(code == (string?)reply["code"], $"Player {client.PlayerId}: expected '{code}' for {text}, got {reply.ToJsonString()}");
        Assert.False(reply.ContainsKey("rid"), $"The error for {text} carries a rid: {reply.ToJsonString()}");
        await AssertOpenAsync(client);
        return reply;
    }

    /// <summary>
    /// Checks that the connection still answers: a ping gets <c>pong</c>, or <c>not-authenticated</c> before
    /// hello. Either way the ping's reply comes after the replies to everything sent before it.
    /// </summary>
    public static async Task AssertOpenAsync(TestClient client)
    {
        var rid = "alive-" + Guid.NewGuid().ToString("N");
        await client.SendAsync(new JsonObject { ["type"] = "ping", ["rid"] = rid });
        var reply = await client.ReceiveAsync(m => IsString(m["rid"], rid), $"a reply to a ping with rid {rid}");
        Assert.True((string?)reply["type"] == "pong" || (string?)reply["code"] == "not-authenticated",
            $"Player {client.PlayerId}: unexpected reply to a ping: {reply.ToJsonString()}");
    }

    /// <summary>The columns of a <c>game</c> snapshot's moves.</summary>
    public static List<int> Moves(JsonObject game) => [.. game["moves"]!.AsArray().Select(m => (int)m!)];

    /// <summary>The game as <paramref name="client"/> sees it now, asked with <c>state</c>.</summary>
    public static Task<JsonObject> StateAsync(TestClient client, string gameId) => client.RequestAsync(State(gameId), "game");

    /// <summary>Fails when any event in what <paramref name="client"/> received carries a rid.</summary>
    public static void AssertEventsCarryNoRid(TestClient client, int stateReplies = 0)
    {
        var seen = client.Seen;
        var withRid = seen.Where(m => EventTypes.Contains((string?)m["type"]) && m.ContainsKey("rid")).ToList();
        Assert.True(withRid.Count == stateReplies,
            $"Player {client.PlayerId}: expected {stateReplies} state replies with a rid among the events, got {string.Join(" ", withRid.Select(m => m.ToJsonString()))}");
        Assert.All(withRid, m => Assert.Equal("game", (string?)m["type"]));
    }

    public static ConnectionRegistry Registry(GatewayHost host) => host.App.Services.GetRequiredService<ConnectionRegistry>();

    /// <summary>Waits until <paramref name="condition"/> holds, failing after <paramref name="wait"/> with <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? wait = null)
    {
        var limit = wait ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Not within {limit}: {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Whether <paramref name="value"/> is a JSON string equal to <paramref name="text"/>.</summary>
    public static bool IsString(JsonNode? value, string text) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String && (string?)v == text;
}
