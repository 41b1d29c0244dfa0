using System.Text;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// One spectator of <c>broadcast</c>: a lean <see cref="BenchSocket"/> of its own (no buffer while it waits, so that
/// thousands fit in one process) on the native protocol, that says hello, watches the run's game by its watch key, and
/// records in <see cref="Seen"/> when each move's <c>move</c> event arrived. Commands are sent by one caller at a time.
/// </summary>
internal sealed class Spectator(int index, int server, MoveLog log) : ISocketHandler
{
    private readonly Lock _lock = new();
    private readonly MoveLog _log = log;
    private BenchSocket? _socket;
    private TaskCompletionSource<SeatEvent>? _pending;
    private int _pendingRid;
    private int _rid;
    private int _watchingReplies;
    private int _snapshots;

    public int Index { get; } = index;

    /// <summary>The index of the URL this spectator connected to.</summary>
    public int Server { get; } = server;

    public SeenMoves Seen { get; } = new(log);

    /// <summary>Move events of a game that is not the run's, or of a ply beyond the run's moves.</summary>
    public int UnknownMoveEvents { get; private set; }

    /// <summary>
    /// The <c>game</c> snapshots that followed no <c>watching</c> reply (the server resynchronised this connection): for
    /// each, how many moves of the run had been sent when it came, and the milliseconds since the last of them was sent.
    /// </summary>
    public List<(int MovesSent, double MsAfterLastSend)> Resyncs { get; } = [];

    /// <summary><c>spectators</c> count events received.</summary>
    public int SpectatorCountEvents { get; private set; }

    public int OverEvents { get; private set; }

    /// <summary><c>error</c> messages that answered no command of this spectator, and messages it could not read.</summary>
    public int UnsolicitedErrors { get; private set; }

    /// <summary>Set when the connection ended without this client asking for it: <c>closed-&lt;code&gt;</c> or <c>connection-lost</c>.</summary>
    public string? Lost { get; private set; }

    /// <summary>
    /// Connects through <paramref name="invoker"/> (whose handler binds the source address) and says hello. Returns
    /// null when welcomed, else why not; throws <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires.
    /// </summary>
    public async Task<string?> OpenAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken cancel)
    {
        _socket = new BenchSocket(uri, Index, this, lean: true);
        if (await _socket.TryConnectAsync(invoker, cancel) is { } failed)
        {
            return failed;
        }

        var rid = ++_rid;
        return await CommandAsync($$"""{"type":"hello","rid":{{rid}},"name":"spectator-{{Index}}"}""", rid, "hello", cancel);
    }

    /// <summary>Watches <paramref name="game"/>; null when answered <c>watching</c> (the game is then watched), else why not.</summary>
    public async Task<string?> WatchAsync(BroadcastGame game, CancellationToken cancel)
    {
        var rid = ++_rid;
        var failure = await CommandAsync($$"""{"type":"watch","rid":{{rid}},"watchKey":{{JsonSerializer.Serialize(game.WatchKey)}}}""", rid, "watch", cancel);
        if (failure is null)
        {
            Seen.Watched.Add(game);
        }

        return failure;
    }

    private async Task<string?> CommandAsync(string json, int rid, string name, CancellationToken cancel)
    {
        var reply = new TaskCompletionSource<SeatEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (Lost is not null)
            {
                return $"{name}-failed: {Lost}";
            }

            _pending = reply;
            _pendingRid = rid;
        }

        try
        {
            await _socket!.SendAsync(Encoding.UTF8.GetBytes(json), cancel);
            var answer = await reply.Task.WaitAsync(cancel);
            return answer.Kind switch
            {
                SeatEventKind.Reply => null,
                SeatEventKind.Error => $"{name}-error-{answer.Code}",
                _ => $"{name}-failed: {answer.Code}",
            };
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            return $"{name}-failed: {BenchSocket.Innermost(e).Message}";
        }
        finally
        {
            lock (_lock)
            {
                _pending = null;
            }
        }
    }

    public void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var m = NativeMessage.Read(message);
        switch (m.Type)
        {
            case NativeType.Move when _log.TryFind(m.GameId, m.Ply, out _, out var move):
                Seen.Arrived(move, timestamp);
                break;
            case NativeType.Move:
                UnknownMoveEvents++;
                break;
            case NativeType.Spectators:
                SpectatorCountEvents++;
                _log.CountEventAt(timestamp);
                break;
            case NativeType.Game when ++_snapshots > _watchingReplies:
                // One snapshot follows each watching reply; any other is the server resynchronising this connection.
                var sent = _log.SentCount;
                Resyncs.Add((sent, sent == 0 ? 0 : LatencySummary.Ms(timestamp - _log.SentAt(sent - 1))));
                break;
            case NativeType.Over:
                OverEvents++;
                break;
            case NativeType.Unreadable:
                UnsolicitedErrors++;
                break;
            default:
                Answer(m.ToReply(socket.Seat, timestamp), m.Type);
                break;
        }
    }

    /// <summary>Hands a reply to the command waiting for its rid; an error nobody waits for is unsolicited.</summary>
    private void Answer(SeatEvent? reply, NativeType type)
    {
        if (reply is not { } answer)
        {
            return;
        }

        _watchingReplies += type == NativeType.Watching ? 1 : 0;
        TaskCompletionSource<SeatEvent>? pending;
        lock (_lock)
        {
            pending = _pending is not null && answer.Rid == _pendingRid ? _pending : null;
        }

        if (pending is not null)
        {
            pending.TrySetResult(answer);
        }
        else if (answer.Kind == SeatEventKind.Error)
        {
            UnsolicitedErrors++;
        }
    }

    public void OnLost(BenchSocket socket, string reason)
    {
        TaskCompletionSource<SeatEvent>? pending;
        lock (_lock)
        {
            Lost = reason;
            pending = _pending;
        }

        pending?.TrySetResult(new SeatEvent(SeatEventKind.Lost, Code: reason));
    }

    /// <summary>Closes with 1000 and waits for the server's close (at most <paramref name="timeout"/>, then aborts).</summary>
    public Task CloseAsync(TimeSpan timeout) => _socket?.CloseAsync(timeout) ?? Task.CompletedTask;
}
