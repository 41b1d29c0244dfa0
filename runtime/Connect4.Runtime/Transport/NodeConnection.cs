using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Connect4.Runtime.Messaging;

namespace Connect4.Runtime.Transport;

/// <summary>Why a call never got its answer: the connection broke (the call may or may not have run).</summary>
public sealed class ConnectionLostException(string message, bool requestSent) : Exception(message)
{
    /// <summary>False when the request never left this node, so the call certainly did not run.</summary>
    public bool RequestSent { get; } = requestSent;
}

/// <summary>Handles the calls that arrive on a connection.</summary>
internal interface IIncomingCallHandler
{
    /// <summary>Runs a call; a Reroute status means the call did not run here.</summary>
    Task<(ResponseStatus Status, InvokeResponse? Response)> HandleAsync(InvokeRequest request);
}

/// <summary>
/// One persistent, multiplexed connection between two nodes, over a duplex pipe (Kestrel's for inbound
/// connections, a socket's for outbound ones). Any number of calls are in flight at once, matched to their
/// responses by correlation id. One writer loop owns the output and flushes once per batch of queued frames.
/// When the connection ends, every pending call fails at once with <see cref="ConnectionLostException"/>.
/// </summary>
internal sealed class NodeConnection : IAsyncDisposable
{
    private readonly Func<Task<IDuplexPipe>>? _connect;
    private IDuplexPipe? _pipe;
    private volatile bool _opened;
    private readonly IIncomingCallHandler? _handler;
    private readonly Channel<Action<IBufferWriter<byte>>> _outbox = Channel.CreateUnbounded<Action<IBufferWriter<byte>>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<(ResponseStatus, InvokeResponse)>> _pending = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextCorrelation;
    private Task? _run;

    /// <summary>An accepted connection, already open.</summary>
    public NodeConnection(IDuplexPipe pipe, string remoteNodeId, IIncomingCallHandler? handler)
    {
        _pipe = pipe;
        _opened = true;
        RemoteNodeId = remoteNodeId;
        _handler = handler;
    }

    /// <summary>
    /// An outbound connection that opens in the background: frames queued before it is open are sent, in order,
    /// once it is; if it cannot open, pending calls fail as never sent.
    /// </summary>
    public NodeConnection(Func<Task<IDuplexPipe>> connect, string remoteNodeId)
    {
        _connect = connect;
        RemoteNodeId = remoteNodeId;
    }

    public string RemoteNodeId { get; internal set; }

    public bool IsClosed => _closed.IsCancellationRequested;

    /// <summary>Completes when the connection has ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Starts the read and write loops (for an inbound connection, after its hello was read).</summary>
    public void Start() => _run = RunAsync();

    public void SendHello(string nodeId) => _outbox.Writer.TryWrite(w => WireFormat.WriteHello(w, nodeId));

    /// <summary>Queues a one-way call; false when the connection is closed (it certainly was not sent).</summary>
    public bool Post(InvokeRequest request) =>
        !IsClosed && _outbox.Writer.TryWrite(w => WireFormat.WriteRequest(w, 0, request));

    /// <summary>Sends a call and waits for its response; fails at once if the connection ends first.</summary>
    public async Task<(ResponseStatus Status, InvokeResponse Response)> CallAsync(InvokeRequest request)
    {
        var correlation = Interlocked.Increment(ref _nextCorrelation);
        var completion = new TaskCompletionSource<(ResponseStatus, InvokeResponse)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[correlation] = completion;
        if (IsClosed || !_outbox.Writer.TryWrite(w => WireFormat.WriteRequest(w, correlation, request)))
        {
            _pending.TryRemove(correlation, out _);
            throw new ConnectionLostException($"The connection to {RemoteNodeId} is closed.", requestSent: false);
        }

        return await completion.Task;
    }

    private async Task RunAsync()
    {
        if (_pipe is null)
        {
            try
            {
                _pipe = await _connect!();
                _opened = true;
            }
            catch (Exception e)
            {
                await _closed.CancelAsync();
                _outbox.Writer.TryComplete();
                FailPending($"Could not connect to {RemoteNodeId}: {e.Message}", requestSent: false);
                _completion.TrySetResult();
                return;
            }
        }

        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException or ObjectDisposedException
                                      or System.Net.Sockets.SocketException or ConnectionAbortedException or ConnectionResetException)
        {
        }
        finally
        {
            await _closed.CancelAsync();
            _outbox.Writer.TryComplete();
            await writer;
            FailPending($"The connection to {RemoteNodeId} was lost.", requestSent: true);
            await _pipe.Input.CompleteAsync();
            _completion.TrySetResult();
        }
    }

    private void FailPending(string message, bool requestSent)
    {
        foreach (var pending in _pending)
        {
            if (_pending.TryRemove(pending.Key, out var call))
            {
                call.TrySetException(new ConnectionLostException(message, requestSent));
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _pipe!.Input;
        while (true)
        {
            var read = await input.ReadAsync(_closed.Token);
            var buffer = read.Buffer;
            while (WireFormat.TryReadFrame(ref buffer, out var kind, out var correlation, out var body))
            {
                Dispatch(kind, correlation, body);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    private void Dispatch(FrameKind kind, long correlation, ReadOnlySequence<byte> body)
    {
        switch (kind)
        {
            case FrameKind.Hello:
                RemoteNodeId = WireFormat.ReadHello(body);
                break;
            case FrameKind.Request when _handler is not null:
                var request = WireFormat.ReadRequest(body);
                _ = AnswerAsync(correlation, request);
                break;
            case FrameKind.OneWayRequest when _handler is not null:
                _ = _handler.HandleAsync(WireFormat.ReadRequest(body, oneWay: true));
                break;
            case FrameKind.Response:
                var (status, response) = WireFormat.ReadResponse(body);
                if (_pending.TryRemove(correlation, out var call))
                {
                    call.TrySetResult((status, response));
                }

                break;
            default:
                throw new InvalidDataException($"Unexpected frame {kind} from {RemoteNodeId}.");
        }
    }

    private async Task AnswerAsync(long correlation, InvokeRequest request)
    {
        var (status, response) = await _handler!.HandleAsync(request);
        _outbox.Writer.TryWrite(w => WireFormat.WriteResponse(w, correlation, status, response));
    }

    private async Task WriteLoopAsync()
    {
        var output = _pipe!.Output;
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var frame))
                {
                    frame(output);
                }

                var flushed = await output.FlushAsync();
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException
                                      or System.Net.Sockets.SocketException or ConnectionAbortedException or ConnectionResetException)
        {
        }
        finally
        {
            await _closed.CancelAsync();
            await output.CompleteAsync();
        }
    }

    /// <summary>Ends the connection; pending calls fail at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        if (_opened)
        {
            _pipe!.Input.CancelPendingRead();
        }

        if (_run is not null)
        {
            await _run;
        }
    }
}
