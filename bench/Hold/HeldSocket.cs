using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Hold;

/// <summary>
/// One idle connection of <c>hold</c>. It owns no buffer while it waits: a zero-byte receive stays pending (which is
/// also what lets <see cref="ClientWebSocket"/> answer the server's keep-alive pings), and a message, should one come,
/// is read into a small rented buffer and dropped. The client sends no keep-alives of its own.
/// </summary>
internal sealed class HeldSocket
{
    private static readonly TimeSpan NoKeepAlive = TimeSpan.Zero;

    private readonly ClientWebSocket _socket = new();
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;

    public HeldSocket(int server)
    {
        Server = server;
        _socket.Options.KeepAliveInterval = NoKeepAlive;
    }

    /// <summary>The index of the URL this socket went to.</summary>
    public int Server { get; }

    /// <summary>Set when the connection ended without this client asking for it: <c>closed-&lt;code&gt;</c> or <c>connection-lost</c>.</summary>
    public string? Lost { get; private set; }

    /// <summary>Messages that arrived after the connection was established (none are expected).</summary>
    public int Unexpected { get; private set; }

    /// <summary>
    /// Connects through <paramref name="invoker"/> (whose handler binds the source address) and, when
    /// <paramref name="hello"/> is given, sends it and waits for the first message: a <c>welcome</c> from a gateway or
    /// the hello itself from the echo server. Returns null when established, else why not; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires first.
    /// </summary>
    public async Task<string?> OpenAsync(Uri uri, HttpMessageInvoker invoker, byte[]? hello, CancellationToken cancel)
    {
        try
        {
            await _socket.ConnectAsync(uri, invoker, cancel);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            return "connect-failed: " + Innermost(e).Message;
        }

        if (hello is not null)
        {
            try
            {
                if (await HelloAsync(hello, cancel) is { } refused)
                {
                    return refused;
                }
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
                return "hello-failed: " + Innermost(e).Message;
            }
        }

        _receiveLoop = ReceiveLoopAsync();
        return null;
    }

    private async Task<string?> HelloAsync(byte[] hello, CancellationToken cancel)
    {
        await _socket.SendAsync(hello, WebSocketMessageType.Text, endOfMessage: true, cancel);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    return "reply-too-large";
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(count), cancel);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"closed-{(int?)_socket.CloseStatus ?? 0}";
                }

                count += result.Count;
            }
            while (!result.EndOfMessage);

            var message = buffer.AsSpan(0, count);
            if (message.SequenceEqual(hello))
            {
                return null; // the echo server
            }

            var m = NativeMessage.Parse(message);
            return m.Type switch
            {
                NativeType.Welcome => null,
                NativeType.Error => "error-" + ErrorCodes.Of(m.Code),
                _ => "unexpected-reply",
            };
        }
        catch (JsonException)
        {
            return "unexpected-reply";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        Lost = $"closed-{(int?)_socket.CloseStatus ?? 0}";
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                Unexpected++;
                if (!result.EndOfMessage)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(256);
                    try
                    {
                        while (!(result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None)).EndOfMessage
                               && result.MessageType != WebSocketMessageType.Close)
                        {
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_closing)
            {
                Lost = "connection-lost";
            }
        }
    }

    /// <summary>Closes with 1000 and waits for the server's close (at most <paramref name="timeout"/>, then aborts).</summary>
    public Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        return BenchSocket.CloseAsync(_socket, _receiveLoop, timeout);
    }

    /// <summary>Drops the connection at once (no close handshake), for a socket that never got established.</summary>
    public void Abort()
    {
        _closing = true;
        _socket.Abort();
        _socket.Dispose();
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
