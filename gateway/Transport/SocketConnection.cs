using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Connect4.Gateway.Transport;

/// <summary>What a protocol dialect does with a connection's messages.</summary>
internal interface IClientSession
{
    /// <summary>One whole text message, at most <see cref="GatewayOptions.MaxMessageBytes"/> long. Called by the reader loop, one at a time.</summary>
    Task OnTextAsync(ReadOnlyMemory<byte> message);

    /// <summary>A binary message (refused by both dialects).</summary>
    void OnBinary();

    /// <summary>A command refused by the rate limit (<paramref name="message"/>, so its reply can echo the rid).</summary>
    void OnRateLimited(ReadOnlyMemory<byte> message);

    /// <summary>Called once when the connection has ended, whichever side ended it.</summary>
    Task OnClosedAsync();
}

/// <summary>
/// One client WebSocket. The reader loop (<see cref="RunAsync"/>) hands each message to the session in order;
/// a single writer loop drains a bounded queue, so only one task ever writes to the socket. Closing is
/// idempotent from any side: the writer sends what is queued (unless the client is too slow), then the close
/// frame; if the handshake does not finish within the close timeout the socket is aborted.
/// </summary>
internal sealed class SocketConnection
{
    private readonly WebSocket _socket;
    private readonly GatewayOptions _options;
    private readonly RateLimiter _limiter;
    private readonly GatewayLog _log;
    private readonly Channel<byte[]> _outbox;
    private readonly CancellationTokenSource _abort = new();
    private int _closeRequested;
    private volatile bool _discardQueue;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";

    public SocketConnection(WebSocket socket, string id, GatewayOptions options, TimeProvider time, GatewayLog log)
    {
        _socket = socket;
        Id = id;
        _options = options;
        _log = log;
        _limiter = new RateLimiter(options, time);
        _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _abort.Token.Register(() => _socket.Abort());
    }

    public string Id { get; }

    /// <summary>Who the connection belongs to, for logs (set by the session after hello).</summary>
    public string? PlayerId { get; set; }

    /// <summary>True once a close was asked for by either side.</summary>
    public bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>The close code this side sent or will send, once closing.</summary>
    public WebSocketCloseStatus? CloseStatus => IsClosing ? _closeStatus : null;

    /// <summary>
    /// Queues a message. When the queue is full the client is not reading: it is closed with 1008 and the
    /// message is dropped, so a slow client never slows anyone else.
    /// </summary>
    public bool Send(byte[] message)
    {
        if (_outbox.Writer.TryWrite(message))
        {
            return true;
        }

        if (!IsClosing)
        {
            _log.SlowClientClosed(Id, PlayerId, _options.SendQueueCapacity);
            _discardQueue = true;
            Close(WebSocketCloseStatus.PolicyViolation, "too slow to read");
        }

        return false;
    }

    /// <summary>Starts the close handshake with <paramref name="status"/>; later calls do nothing.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closeRequested, 1) != 0)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;
        _outbox.Writer.TryComplete();
        _abort.CancelAfter(_options.CloseTimeout);
    }

    /// <summary>Drops the socket without a close handshake (a crash of this process, as the client sees it).</summary>
    public void Abort() => _abort.Cancel();

    /// <summary>Runs the connection to its end: reads until the socket closes, then waits for the writer.</summary>
    public async Task RunAsync(IClientSession session)
    {
        var writer = Task.Run(WriteLoopAsync);
        var buffer = ArrayPool<byte>.Shared.Rent(_options.MaxMessageBytes);
        try
        {
            await ReadLoopAsync(session, buffer);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _log.ConnectionLost(Id, PlayerId, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close(_closeStatus, _closeReason);
            await writer;
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }

            _abort.Dispose();
            await session.OnClosedAsync();
        }
    }

    private async Task ReadLoopAsync(IClientSession session, byte[] buffer)
    {
        var max = _options.MaxMessageBytes;
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == max)
                {
                    _log.MessageTooBig(Id, PlayerId, max);
                    Close(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {max} bytes");
                    await DrainUntilClosedAsync(buffer);
                    return;
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(count, max - count), _abort.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client started the handshake: answer with its own code.
                    Close(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (IsClosing)
            {
                continue;
            }

            switch (_limiter.Take())
            {
                case RateLimiter.Verdict.Flooding:
                    _log.FloodingClientClosed(Id, PlayerId);
                    Close(WebSocketCloseStatus.PolicyViolation, "too many commands");
                    continue;
                case RateLimiter.Verdict.Refused:
                    session.OnRateLimited(result.MessageType == WebSocketMessageType.Text ? buffer.AsMemory(0, count) : default);
                    continue;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                session.OnBinary();
            }
            else
            {
                await session.OnTextAsync(buffer.AsMemory(0, count));
            }
        }
    }

    /// <summary>After refusing a message, reads and discards until the client's close frame arrives.</summary>
    private async Task DrainUntilClosedAsync(byte[] buffer)
    {
        while ((await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync())
            {
                if (_discardQueue)
                {
                    break;
                }

                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_closeStatus, _closeReason, _abort.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _log.ConnectionLost(Id, PlayerId, e.Message);
            await _abort.CancelAsync();
        }
    }
}
