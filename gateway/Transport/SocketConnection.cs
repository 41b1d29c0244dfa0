using System.Buffers;
using System.Net.WebSockets;
using Connect4.Gateway.Sessions;
using Connect4.Gateway.Telemetry;

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
    private readonly Stream? _transport;
    private readonly GatewayOptions _options;
    private readonly RateLimiter _limiter;
    private readonly GatewayLog _log;
    private readonly GatewayMetrics _metrics;
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _abort = new();
    private Queue<byte[]>? _queue;
    private int _queuedBytes;
    private bool _writing;
    private bool _completed;
    private Task _writer = Task.CompletedTask;
    private IClientSession? _session;
    private int _closeRequested;
    private volatile bool _discardQueue;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";

    /// <param name="transport">The stream under <paramref name="socket"/>, read out after a protocol violation; null in tests of this class alone.</param>
    /// <param name="dialect">The protocol spoken (<c>native</c> or <c>tutorial</c>), for metrics.</param>
    public SocketConnection(WebSocket socket, Stream? transport, string id, string dialect, GatewayOptions options, TimeProvider time, GatewayLog log, GatewayMetrics metrics)
    {
        _socket = socket;
        _transport = transport;
        Id = id;
        Dialect = dialect;
        _metrics = metrics;
        _options = options;
        _log = log;
        _limiter = new RateLimiter(options, time);
        _abort.Token.Register(static s => ((WebSocket)s!).Abort(), socket);
    }

    public string Id { get; }

    /// <summary>The protocol this connection speaks: <c>native</c> or <c>tutorial</c>.</summary>
    public string Dialect { get; }

    /// <summary>Where this connection's figures go (its session's too).</summary>
    public GatewayMetrics Metrics => _metrics;

    /// <summary>Who the connection belongs to, for logs (set by the session after hello).</summary>
    public string? PlayerId { get; set; }

    /// <summary>True once a close was asked for by either side.</summary>
    public bool IsClosing => Volatile.Read(ref _closeRequested) != 0;

    /// <summary>The close code this side sent or will send, once closing.</summary>
    public WebSocketCloseStatus? CloseStatus => IsClosing ? _closeStatus : null;

    /// <summary>
    /// Queues a message. When the queue is full (in messages or in bytes) the client is not reading: it is closed with
    /// 1008 and the message is dropped, so a slow client never slows anyone else and holds little memory.
    /// </summary>
    /// <remarks>
    /// A message is written out as soon as the socket takes it, so the queue only grows once the socket's buffers are
    /// full: those are bounded too (<see cref="GatewayOptions.SocketSendBufferBytes"/> and Kestrel's response buffer),
    /// so that what a client that never reads can hold stays near the sum of the three.
    /// </remarks>
    public bool Send(byte[] message)
    {
        int queued;
        lock (_sendLock)
        {
            if (_completed)
            {
                return false;
            }

            _queue ??= new Queue<byte[]>();
            queued = _queuedBytes;
            if (_queue.Count < _options.SendQueueCapacity && (_queue.Count == 0 || _queuedBytes + message.Length <= _options.SendQueueBytes))
            {
                _queue.Enqueue(message);
                _queuedBytes += message.Length;
                StartWriterLocked();
                return true;
            }
        }

        if (!IsClosing)
        {
            _log.SlowClientClosed(Id, PlayerId, _options.SendQueueCapacity, queued);
            _metrics.SendQueueOverflowed();
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
                        await DispatchSafelyAsync(session, result.MessageType, buffer.AsMemory(0, count));
                    }
                }
                finally
                {
                    // The session is done with the message (it parses and answers within the call): the buffer goes back.
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (WebSocketException e) when (e.WebSocketErrorCode == WebSocketError.Faulted && !_abort.IsCancellationRequested)
        {
            // A protocol violation or text that is not UTF-8: the framework has sent the close frame (1002 or 1007).
            _log.ProtocolViolation(Id, PlayerId, e.Message);
            await LingerAsync();
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

    /// <summary>
    /// Hands one message on. The sessions answer every refusal themselves, so an exception here is a bug of ours: it is
    /// logged, and the connection closes with 1011 after the replies already queued, rather than being reset.
    /// </summary>
    private async Task DispatchSafelyAsync(IClientSession session, WebSocketMessageType type, ReadOnlyMemory<byte> message)
    {
        try
        {
            await DispatchAsync(session, type, message);
        }
        catch (Exception e)
        {
            _log.SessionFailed(e, Id, PlayerId);
            Close(WebSocketCloseStatus.InternalServerError, "internal error");
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
                _metrics.RateLimited(Dialect);
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

    /// <summary>
    /// After the WebSocket failed on a protocol violation, reads and drops what the client still sends until it ends its
    /// side or the close timeout passes. Closing a TCP socket with unread input resets the connection, and a reset can
    /// make the client's system drop the close frame it has not yet read.
    /// </summary>
    private async Task LingerAsync()
    {
        if (_transport is null)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            while (await _transport.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
                            _queuedBytes = 0;
                            _writer = Task.CompletedTask;
                            return;
                        }

                        break;
                    }

                    message = _queue.Dequeue();
                    _queuedBytes -= message.Length;
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
