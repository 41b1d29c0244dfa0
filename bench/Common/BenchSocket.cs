using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>What a <see cref="BenchSocket"/> reports to its owner, from its receive loop.</summary>
internal interface ISocketHandler
{
    /// <summary>One complete text message; <paramref name="timestamp"/> is <see cref="Stopwatch.GetTimestamp"/> at its arrival.
    /// The span is only valid during the call.</summary>
    void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp);

    /// <summary>The connection ended without this client asking for it (the server closed it, or it broke).</summary>
    void OnLost(BenchSocket socket, string reason);
}

/// <summary>
/// One client WebSocket: a single receive loop that hands each message to its handler without copying it, and a
/// reusable JSON writer for commands, so a command or a message costs no allocation. One sender at a time.
/// </summary>
internal sealed class BenchSocket
{
    private const int MaxMessageBytes = 1 << 20;

    private readonly ClientWebSocket _socket = new();
    private readonly ISocketHandler _handler;
    private readonly ArrayBufferWriter<byte> _out = new(512);
    private readonly Utf8JsonWriter _writer;
    private byte[] _in = new byte[8192];
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;
    private int _gone;

    public BenchSocket(Uri uri, int seat, ISocketHandler handler)
    {
        Uri = uri;
        Seat = seat;
        _handler = handler;
        _writer = new Utf8JsonWriter(_out, new JsonWriterOptions { SkipValidation = true });
    }

    public Uri Uri { get; }

    /// <summary>The owner's index for this socket (its seat in a game).</summary>
    public int Seat { get; }

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>True the first time only: lets the owner count a connection's end exactly once.</summary>
    public bool MarkGone() => Interlocked.Exchange(ref _gone, 1) == 0;

    public async Task ConnectAsync(CancellationToken cancel)
    {
        await _socket.ConnectAsync(Uri, cancel);
        _receiveLoop = ReceiveLoopAsync();
    }

    /// <summary>Starts a command: the writer is positioned inside an empty object.</summary>
    public Utf8JsonWriter Begin()
    {
        _out.ResetWrittenCount();
        _writer.Reset(_out);
        _writer.WriteStartObject();
        return _writer;
    }

    /// <summary>Ends the command started by <see cref="Begin"/> and sends it.</summary>
    public ValueTask SendAsync(CancellationToken cancel = default)
    {
        _writer.WriteEndObject();
        _writer.Flush();
        return _socket.SendAsync(_out.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancel);
    }

    private async Task ReceiveLoopAsync()
    {
        var count = 0;
        string? lost = null;
        try
        {
            while (true)
            {
                if (count == _in.Length)
                {
                    if (_in.Length >= MaxMessageBytes)
                    {
                        throw new InvalidDataException($"a message from the server exceeds {MaxMessageBytes} bytes");
                    }

                    Array.Resize(ref _in, _in.Length * 2);
                }

                var result = await _socket.ReceiveAsync(_in.AsMemory(count), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        lost = $"closed-{(int?)_socket.CloseStatus ?? 0}";
                        // Answer the server's close so the handshake completes.
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    break;
                }

                count += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var timestamp = Stopwatch.GetTimestamp();
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    _handler.OnMessage(this, _in.AsSpan(0, count), timestamp);
                }

                count = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            if (!_closing)
            {
                lost = "connection-lost";
            }
        }

        if (lost is not null)
        {
            _handler.OnLost(this, lost);
        }
    }

    /// <summary>Closes with 1000 and waits for the server's close (at most <paramref name="timeout"/>, then aborts).</summary>
    public Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        return CloseAsync(_socket, _receiveLoop, timeout);
    }

    /// <summary>Closes each socket of <paramref name="seats"/> that was opened, one after another (see <see cref="CloseAsync(TimeSpan)"/>).</summary>
    public static async Task CloseAllAsync(IEnumerable<BenchSocket?> seats, TimeSpan timeout)
    {
        foreach (var socket in seats)
        {
            if (socket is not null)
            {
                await socket.CloseAsync(timeout);
            }
        }
    }

    /// <summary>
    /// Closes <paramref name="socket"/> with 1000 and waits for the server's close, seen by
    /// <paramref name="receiveLoop"/> (at most <paramref name="timeout"/>, then aborts); then disposes it.
    /// </summary>
    internal static async Task CloseAsync(WebSocket socket, Task receiveLoop, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
            }

            await receiveLoop.WaitAsync(cts.Token);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }

        if (socket.State != WebSocketState.Closed)
        {
            socket.Abort();
        }

        await receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
    }
}
