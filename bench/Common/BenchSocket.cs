using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>
/// One client WebSocket, the only receive loop of the tool: it hands each message to its handler without copying it,
/// and writes commands with a reusable JSON writer, so a command or a message costs no allocation. One sender at a time.
/// A lean socket (thousands in one process: hold, broadcast's spectators) owns no buffer while it waits (a zero-byte
/// receive stays pending, which also answers the server's pings; a message is read into a rented buffer) and sends no
/// keep-alives of its own.
/// </summary>
internal sealed class BenchSocket
{
    private const int MaxMessageBytes = 1 << 20;

    private readonly ClientWebSocket _socket = new();
    private readonly ISocketHandler _handler;
    private readonly bool _lean;
    /// <summary>The command writer, made on the first <see cref="Begin"/>: sockets that send raw text (hold's, spectators') hold none.</summary>
    private ArrayBufferWriter<byte>? _out;
    private Utf8JsonWriter? _writer;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;
    private int _gone;

    public BenchSocket(Uri uri, int seat, ISocketHandler handler, bool lean = false)
    {
        Uri = uri;
        Seat = seat;
        _handler = handler;
        _lean = lean;
        if (lean)
        {
            _socket.Options.KeepAliveInterval = TimeSpan.Zero; // the server pings; the pending receive answers
        }
    }

    public Uri Uri { get; }

    /// <summary>The owner's index for this socket (its seat in a game, a spectator's number).</summary>
    public int Seat { get; }

    /// <summary>True the first time only: lets the owner count a connection's end exactly once.</summary>
    public bool MarkGone() => Interlocked.Exchange(ref _gone, 1) == 0;

    /// <summary>Connects (through <paramref name="invoker"/> when given, whose handler may bind the source address) and
    /// starts the receive loop.</summary>
    public async Task ConnectAsync(CancellationToken cancel, HttpMessageInvoker? invoker = null)
    {
        await _socket.ConnectAsync(Uri, invoker, cancel);
        _receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>As <see cref="ConnectAsync"/>: null when connected, else <c>connect-failed: </c> and why; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires.</summary>
    public async Task<string?> TryConnectAsync(HttpMessageInvoker invoker, CancellationToken cancel)
    {
        try
        {
            await ConnectAsync(cancel, invoker);
            return null;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            return "connect-failed: " + Innermost(e).Message;
        }
    }

    /// <summary>The innermost exception: the one that names what went wrong (a refused connection, a reset).</summary>
    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    /// <summary>Starts a command: the writer is positioned inside an empty object.</summary>
    public Utf8JsonWriter Begin()
    {
        _out ??= new ArrayBufferWriter<byte>(512);
        _out.ResetWrittenCount();
        _writer ??= new Utf8JsonWriter(_out, new JsonWriterOptions { SkipValidation = true });
        _writer.Reset(_out);
        _writer.WriteStartObject();
        return _writer;
    }

    /// <summary>Ends the command started by <see cref="Begin"/> and sends it.</summary>
    public ValueTask SendAsync(CancellationToken cancel = default)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        return SendAsync(_out!.WrittenMemory, cancel);
    }

    /// <summary>Sends one text message as it is.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> text, CancellationToken cancel) =>
        _socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, cancel);

    private async Task ReceiveLoopAsync()
    {
        // One loop for the socket's life, with no async call per message, so a message costs no allocation.
        var lost = "";
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                if (_lean)
                {
                    var idle = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                    if (idle.MessageType == WebSocketMessageType.Close)
                    {
                        lost = await ClosedAsync();
                        break;
                    }

                    if (idle.EndOfMessage)
                    {
                        continue; // an empty message: nothing to read
                    }
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(_lean ? 4096 : 8192);
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        buffer = Grow(buffer);
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    lost = await ClosedAsync();
                    break;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    _handler.OnMessage(this, buffer.AsSpan(0, count), Stopwatch.GetTimestamp());
                }

                if (_lean)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            lost = _closing ? "" : "connection-lost";
        }

        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (lost.Length > 0)
        {
            _handler.OnLost(this, lost);
        }
    }

    private static byte[] Grow(byte[] buffer)
    {
        if (buffer.Length >= MaxMessageBytes)
        {
            throw new InvalidDataException($"a message from the server exceeds {MaxMessageBytes} bytes");
        }

        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    /// <summary>The server closed: answers its close so the handshake completes (unless this client is closing).</summary>
    private async Task<string> ClosedAsync()
    {
        if (_closing)
        {
            return "";
        }

        var lost = $"closed-{(int?)_socket.CloseStatus ?? 0}";
        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return lost;
    }

    /// <summary>
    /// Closes with 1000 and waits for the server's close, seen by the receive loop (at most <paramref name="timeout"/>,
    /// then aborts; <see cref="TimeSpan.Zero"/> aborts at once); then disposes the socket.
    /// </summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }

            await _receiveLoop.WaitAsync(cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        if (_socket.State != WebSocketState.Closed)
        {
            _socket.Abort();
        }

        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }
}
