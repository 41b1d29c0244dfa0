using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// A real WebSocket client for end-to-end tests. A background loop reads every message into a queue, so a
/// test can wait for the next message of a type while recording everything it was sent.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket;
    private readonly List<JsonObject> _seen = [];
    private readonly List<JsonObject> _unconsumed = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;
    private readonly Task _reader;
    private int _rid;

    private TestClient(ClientWebSocket socket, bool read)
    {
        _socket = socket;
        _reader = read ? Task.Run(ReadLoopAsync) : Task.CompletedTask;
    }

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<JsonObject> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>The close status the server sent, once the connection has closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    /// <summary>Completes when the reader loop ends (the connection closed or broke).</summary>
    public Task Closed => _reader;

    public string PlayerId { get; private set; } = "";

    public string Token { get; private set; } = "";

    public static async Task<TestClient> ConnectAsync(Uri uri, bool read = true, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(uri, CancellationToken.None);
        return new TestClient(socket, read);
    }

    /// <summary>Connects and says hello; returns the client with its player id and token set.</summary>
    public static async Task<TestClient> HelloAsync(Uri uri, string? name = null, string? token = null)
    {
        var client = await ConnectAsync(uri);
        var welcome = await client.RequestAsync(new JsonObject { ["type"] = "hello", ["name"] = name, ["token"] = token }, "welcome");
        client.PlayerId = (string)welcome["playerId"]!;
        client.Token = (string)welcome["token"]!;
        return client;
    }

    public Task SendAsync(JsonObject message) => SendRawAsync(message.ToJsonString());

    public Task SendRawAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendBinaryAsync(byte[] data) => SendBytesAsync(data, WebSocketMessageType.Binary);

    public Task SendBytesAsync(byte[] data, WebSocketMessageType type) =>
        _socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends a command with a fresh rid and returns its reply, failing if the reply is an error unless <paramref name="expect"/> is "error".</summary>
    public async Task<JsonObject> RequestAsync(JsonObject command, string expect)
    {
        var rid = Interlocked.Increment(ref _rid);
        command["rid"] = rid;
        await SendAsync(command);
        var reply = await ReceiveAsync(m => m["rid"] is JsonValue r && r.GetValueKind() == JsonValueKind.Number && (int)r == rid,
            $"a reply to {command.ToJsonString()}");
        if ((string?)reply["type"] != expect)
        {
            throw new Xunit.Sdk.XunitException($"Expected '{expect}' in reply to {command.ToJsonString()}, got {reply.ToJsonString()}");
        }

        return reply;
    }

    /// <summary>Sends a command and returns the error code it gets.</summary>
    public async Task<string> ErrorOfAsync(JsonObject command) => (string)(await RequestAsync(command, "error"))["code"]!;

    /// <summary>
    /// The first message not yet taken by an earlier wait that matches <paramref name="match"/>. Messages that
    /// do not match stay for later waits.
    /// </summary>
    public async Task<JsonObject> ReceiveAsync(Func<JsonObject, bool> match, string what, TimeSpan? wait = null)
    {
        var limit = wait ?? DefaultWait;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task arrived;
            lock (_seen)
            {
                var index = _unconsumed.FindIndex(m => match(m));
                if (index >= 0)
                {
                    var found = _unconsumed[index];
                    _unconsumed.RemoveAt(index);
                    return found;
                }

                if (_ended)
                {
                    throw new Xunit.Sdk.XunitException($"Player {PlayerId}: the connection closed ({CloseStatus}) before {what}. Seen: {Describe()}");
                }

                arrived = _arrived.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
            {
                lock (_seen)
                {
                    throw new Xunit.Sdk.XunitException($"Player {PlayerId}: no {what} within {limit}. Seen: {Describe()}");
                }
            }
        }
    }

    private string Describe() => string.Join(" ", _seen.TakeLast(8).Select(m => m.ToJsonString()));

    /// <summary>The next message of type <paramref name="type"/> (for game <paramref name="gameId"/> when given).</summary>
    public Task<JsonObject> NextAsync(string type, string? gameId = null, TimeSpan? wait = null) =>
        ReceiveAsync(m => (string?)m["type"] == type && (gameId is null || (string?)m["gameId"] == gameId), $"'{type}' message", wait);

    /// <summary>The <c>move</c> event of <paramref name="gameId"/> that brings it to <paramref name="ply"/>.</summary>
    public Task<JsonObject> MoveAsync(string gameId, int ply, TimeSpan? wait = null) =>
        ReceiveAsync(m => (string?)m["type"] == "move" && (string?)m["gameId"] == gameId && (int?)m["ply"] == ply, $"move to ply {ply}", wait);

    /// <summary>Waits until the server closes the connection; returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitClosedAsync(TimeSpan? wait = null)
    {
        await _reader.WaitAsync(wait ?? DefaultWait);
        return _socket.CloseStatus;
    }

    /// <summary>Drops the connection without a close handshake (as a lost network would).</summary>
    public void Abort() => _socket.Abort();

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                        }

                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var parsed = JsonNode.Parse(message.ToArray())!.AsObject();
                Arrive(parsed);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            Arrive(null);
        }
    }

    private void Arrive(JsonObject? message)
    {
        TaskCompletionSource arrived;
        lock (_seen)
        {
            if (message is null)
            {
                _ended = true;
            }
            else
            {
                _seen.Add(message);
                _unconsumed.Add(message);
            }

            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                await _reader.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
        }

        _socket.Abort();
        _socket.Dispose();
    }
}
