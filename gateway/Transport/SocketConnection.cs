using System.Buffers;
using System.Net.WebSockets;
using Connect4.Gateway.Sessions;

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
/// queued messages are written by one writer at a time, so only one task ever writes to the socket. Closing is
/// idempotent from any side: the writer sends what is queued (unless the client is too slow), then the close
/// frame; if the handshake does not finish within the close timeout the socket is aborted.
/// </summary>
/// <remarks>
/// An idle connection holds as little as it can, since a gateway holds many: the reader waits with a zero-byte
/// receive and rents a buffer only to read a message (returned once the session has handled it), and the writer
/// is a task only while there is something to send (<see cref="Send"/> starts one when none runs; it ends when the
/// queue is empty). <c>_sendLock</c> guards <c>_queue</c>, <c>_writing</c>, <c>_completed</c> and <c>_writer</c>.
/// </remarks>
internal sealed class SocketConnection
{
    private readonly WebSocket _socket;
    private readonly GatewayOptions _options;
    private readonly RateLimiter _limiter;
    private readonly GatewayLog _log;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _abort = new();
    private Queue<byte[]>? _queue;
    private bool _writing;
    private bool _completed;
    private Task _writer = Task.CompletedTask;
    private IClientSession? _session;
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
        _abort.Token.Register(static s => ((WebSocket)s!).Abort(), socket);
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
        lock (_sendLock)
        {
            if (_completed)
            {
                return false;
            }

            _queue ??= new Queue<byte[]>();
            if (_queue.Count < _options.SendQueueCapacity)
            {
                _queue.Enqueue(message);
                StartWriterLocked();
                return true;
            }
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
        lock (_sendLock)
        {
            // No more messages; the writer sends the close frame once the queue is done.
            _completed = true;
            StartWriterLocked();
        }

        _abort.CancelAfter(_options.CloseTimeout);
    }

    /// <summary>Drops the socket without a close handshake (a crash of this process, as the client sees it).</summary>
    public void Abort() => _abort.Cancel();


    /// <summary>
    /// Runs the connection to its end: reads until the socket closes, handing each message to the session, then waits
    /// for the writer. (One method, so an idle connection waits in one state machine.)
    /// </summary>
    public async Task RunAsync(IClientSession session)
    {
        Volatile.Write(ref _session, session);
        var max = _options.MaxMessageBytes;
        try
        {
            while (true)
            {
                // Idle: no buffer is held. The zero-byte receive completes once a data frame's header has arrived
                // (pings are answered inside it), or with the client's close.
                var result = await _socket.ReceiveAsync(Memory<byte>.Empty, _abort.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // The client started the handshake: answer with its own code.
                    Close(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "");
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(max);
                try
                {
                    var count = result.Count;
                    while (!result.EndOfMessage)
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
                            Close(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "");
                            return;
                        }

                        count += result.Count;
                    }

                    if (!IsClosing)
                    {
                        await DispatchAsync(session, result.MessageType, buffer.AsMemory(0, count));
                    }
                }
                finally
                {
                    // The session is done with the message (it parses and answers within the call): the buffer goes back.
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            _log.ConnectionLost(Id, PlayerId, e.Message);
        }
        finally
        {
            Close(_closeStatus, _closeReason);
            Task writer;
            lock (_sendLock)
            {
                // Closing started the last writer (or left the running one to send the close frame).
                writer = _writer;
            }

            await writer;
            if (_socket.State != WebSocketState.Closed)
            {
                _socket.Abort();
            }

            _abort.Dispose();
            await session.OnClosedAsync();
        }
    }

    /// <summary>Hands one whole message to the session, unless the rate limit refuses it.</summary>
    private Task DispatchAsync(IClientSession session, WebSocketMessageType type, ReadOnlyMemory<byte> message)
    {
        switch (_limiter.Take())
        {
            case RateLimiter.Verdict.Flooding:
                _log.FloodingClientClosed(Id, PlayerId);
                Close(WebSocketCloseStatus.PolicyViolation, "too many commands");
                return Task.CompletedTask;
            case RateLimiter.Verdict.Refused:
                session.OnRateLimited(type == WebSocketMessageType.Text ? message : default);
                return Task.CompletedTask;
        }

        if (type == WebSocketMessageType.Binary)
        {
            session.OnBinary();
            return Task.CompletedTask;
        }

        return session.OnTextAsync(message);
    }

    /// <summary>After refusing a message, reads and discards until the client's close frame arrives.</summary>
    private async Task DrainUntilClosedAsync(byte[] buffer)
    {
        while ((await _socket.ReceiveAsync(buffer.AsMemory(), _abort.Token)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    /// <summary>Starts a writer when none runs and there is something to do. The caller holds <c>_sendLock</c>.</summary>
    private void StartWriterLocked()
    {
        if (_writing)
        {
            return;
        }

        _writing = true;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Sends what is queued; when the queue is empty it ends, unless the connection is closing, in which case it
    /// sends the close frame (after the queue, or at once when a slow client's queue is being discarded).
    /// </summary>
    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                byte[] message;
                lock (_sendLock)
                {
                    if (_discardQueue || _queue is not { Count: > 0 })
                    {
                        if (!_completed)
                        {
                            // Idle: nothing of the writer stays behind (the next message starts another).
                            _writing = false;
                            _queue = null;
                            _writer = Task.CompletedTask;
                            return;
                        }

                        break;
                    }

                    message = _queue.Dequeue();
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
