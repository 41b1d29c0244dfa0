using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// One spectator of <c>broadcast</c>: a WebSocket of its own on the native protocol that says hello, watches the
/// run's game by its watch key, and records, for every move of the run, when its <c>move</c> event arrived (as the
/// time since the player sent the <c>play</c>) and whether it came twice. Like <c>hold</c>'s sockets it owns no buffer
/// while it waits (a zero-byte receive stays pending; a message is read into a rented buffer), so that thousands fit
/// in one process. Commands are sent by one caller at a time.
/// </summary>
internal sealed class Spectator
{
    private readonly ClientWebSocket _socket = new();
    private readonly MoveLog _log;
    /// <summary>Per move of the run: 0 while its event has not come, else the microseconds from its send, plus one.</summary>
    private readonly int[] _latencyUs;
    private readonly Lock _lock = new();
    private TaskCompletionSource<(NativeType Type, string? Code)>? _pending;
    private int _pendingRid;
    private int _rid;
    private int _received;
    private int _watchingReplies;
    private Task _receiveLoop = Task.CompletedTask;
    private volatile bool _closing;

    public Spectator(int index, int server, MoveLog log)
    {
        Index = index;
        Server = server;
        _log = log;
        _latencyUs = new int[log.Capacity];
        _socket.Options.KeepAliveInterval = TimeSpan.Zero; // the server pings; a pending receive answers
    }

    public int Index { get; }

    /// <summary>The index of the URL this spectator connected to.</summary>
    public int Server { get; }

    /// <summary>The games this spectator watches (its <c>watch</c> was answered <c>watching</c>), in order.</summary>
    public List<BroadcastGame> Watched { get; } = [];

    /// <summary>Moves whose event came, each counted once.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Move events that came again for a move already seen.</summary>
    public int DuplicateEvents { get; private set; }

    /// <summary>Move events of a game that is not the run's, or of a ply beyond the run's moves.</summary>
    public int UnknownMoveEvents { get; private set; }

    /// <summary><c>game</c> snapshots received: one follows each <c>watching</c>; more mean the server resynchronised.</summary>
    public int Snapshots { get; private set; }

    /// <summary>
    /// The <c>game</c> snapshots that followed no <c>watching</c> reply (the server resynchronised this connection): for
    /// each, how many moves of the run had been sent when it came, and the milliseconds since the last of them was sent.
    /// </summary>
    public List<(int MovesSent, double MsAfterLastSend)> Resyncs { get; } = [];

    /// <summary><c>spectators</c> count events received.</summary>
    public int SpectatorCountEvents { get; private set; }

    public int OverEvents { get; private set; }

    /// <summary><c>error</c> messages that answered no command of this spectator.</summary>
    public int UnsolicitedErrors { get; private set; }

    /// <summary>Set when the connection ended without this client asking for it: <c>closed-&lt;code&gt;</c> or <c>connection-lost</c>.</summary>
    public string? Lost { get; private set; }

    /// <summary>
    /// Connects through <paramref name="invoker"/> (whose handler binds the source address) and says hello. Returns
    /// null when welcomed, else why not; throws <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires.
    /// </summary>
    public async Task<string?> OpenAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken cancel)
    {
        try
        {
            await _socket.ConnectAsync(uri, invoker, cancel);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException)
        {
            return "connect-failed: " + Innermost(e).Message;
        }

        _receiveLoop = ReceiveLoopAsync();
        var rid = ++_rid;
        return await CommandAsync($$"""{"type":"hello","rid":{{rid}},"name":"spectator-{{Index}}"}""", rid, NativeType.Welcome, "hello", cancel);
    }

    /// <summary>Watches <paramref name="game"/>; null when answered <c>watching</c> (the game is then in <see cref="Watched"/>), else why not.</summary>
    public async Task<string?> WatchAsync(BroadcastGame game, CancellationToken cancel)
    {
        var rid = ++_rid;
        var failure = await CommandAsync($$"""{"type":"watch","rid":{{rid}},"watchKey":{{JsonSerializer.Serialize(game.WatchKey)}}}""", rid, NativeType.Watching, "watch", cancel);
        if (failure is null)
        {
            Watched.Add(game);
        }

        return failure;
    }

    private async Task<string?> CommandAsync(string json, int rid, NativeType success, string name, CancellationToken cancel)
    {
        var reply = new TaskCompletionSource<(NativeType Type, string? Code)>(TaskCreationOptions.RunContinuationsAsynchronously);
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
            await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancel);
            var (type, code) = await reply.Task.WaitAsync(cancel);
            return type == success ? null : type == NativeType.Error ? $"{name}-error-{code}" : $"{name}-failed: {code ?? "unexpected reply"}";
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            return $"{name}-failed: {Innermost(e).Message}";
        }
        finally
        {
            lock (_lock)
            {
                _pending = null;
            }
        }
    }

    /// <summary>Whether the event of the run's move <paramref name="move"/> has come.</summary>
    public bool HasSeen(int move) => Volatile.Read(ref _latencyUs[move]) != 0;

    /// <summary>Whether every move of the games it watches has come.</summary>
    public bool HasEveryMove()
    {
        var expected = 0;
        foreach (var game in Watched)
        {
            expected += game.Played;
        }

        return Received >= expected && Missing() == 0;
    }

    /// <summary>Moves of the games it watches (acknowledged so far) whose event has not come.</summary>
    public int Missing()
    {
        var missing = 0;
        foreach (var game in Watched)
        {
            for (int m = game.First, end = game.First + game.Played; m < end; m++)
            {
                missing += Volatile.Read(ref _latencyUs[m]) == 0 ? 1 : 0;
            }
        }

        return missing;
    }

    /// <summary>The run's moves of the games it watches (acknowledged so far) whose event has not come.</summary>
    public IEnumerable<int> MissingMoves()
    {
        foreach (var game in Watched)
        {
            for (int m = game.First, end = game.First + game.Played; m < end; m++)
            {
                if (Volatile.Read(ref _latencyUs[m]) == 0)
                {
                    yield return m;
                }
            }
        }
    }

    /// <summary>Adds the latency of every move of the games it watches whose event came, in milliseconds.</summary>
    public void AddLatencies(List<double> into)
    {
        foreach (var game in Watched)
        {
            for (int m = game.First, end = game.First + game.Played; m < end; m++)
            {
                var us = Volatile.Read(ref _latencyUs[m]);
                if (us > 0)
                {
                    into.Add((us - 1) / 1000.0);
                }
            }
        }
    }

    private void OnMessage(ReadOnlySpan<byte> message, long timestamp)
    {
        NativeMessage m;
        try
        {
            m = NativeMessage.Parse(message);
        }
        catch (JsonException)
        {
            UnsolicitedErrors++;
            return;
        }

        switch (m.Type)
        {
            case NativeType.Move:
                if (!_log.TryFind(m.GameId, m.Ply, out _, out var move))
                {
                    UnknownMoveEvents++;
                }
                else if (Volatile.Read(ref _latencyUs[move]) != 0)
                {
                    DuplicateEvents++;
                }
                else
                {
                    var sent = _log.SentAt(move);
                    var us = sent == 0 ? 0 : Math.Clamp((timestamp - sent) * 1_000_000 / Stopwatch.Frequency, 0, int.MaxValue - 1);
                    Volatile.Write(ref _latencyUs[move], (int)us + 1);
                    Interlocked.Increment(ref _received);
                }

                break;
            case NativeType.Spectators:
                SpectatorCountEvents++;
                _log.CountEventAt(timestamp);
                break;
            case NativeType.Game:
                Snapshots++;
                if (Snapshots > _watchingReplies)
                {
                    var sent = _log.SentCount;
                    Resyncs.Add((sent, sent == 0 ? 0 : LatencySummary.Ms(timestamp - _log.SentAt(sent - 1))));
                }

                break;
            case NativeType.Over:
                OverEvents++;
                break;
            case NativeType.Welcome or NativeType.Watching or NativeType.Error:
                _watchingReplies += m.Type == NativeType.Watching ? 1 : 0;
                TaskCompletionSource<(NativeType, string?)>? pending;
                lock (_lock)
                {
                    pending = _pending is not null && m.Rid == _pendingRid ? _pending : null;
                }

                if (pending is not null)
                {
                    pending.TrySetResult((m.Type, m.Type == NativeType.Error ? ErrorCodes.Of(m.Code) : null));
                }
                else if (m.Type == NativeType.Error)
                {
                    UnsolicitedErrors++;
                }

                break;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        string? lost = null;
        try
        {
            while (true)
            {
                // Wait without a buffer; then read the whole message into a rented one.
                var result = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (result.MessageType != WebSocketMessageType.Close)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(4096);
                    var count = 0;
                    try
                    {
                        while (!result.EndOfMessage)
                        {
                            if (count == buffer.Length)
                            {
                                var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                                buffer.AsSpan(0, count).CopyTo(bigger);
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = bigger;
                            }

                            result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                            if (result.MessageType == WebSocketMessageType.Close)
                            {
                                break;
                            }

                            count += result.Count;
                        }

                        if (result.MessageType == WebSocketMessageType.Text && count > 0)
                        {
                            OnMessage(buffer.AsSpan(0, count), Stopwatch.GetTimestamp());
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (!_closing)
                    {
                        lost = $"closed-{(int?)_socket.CloseStatus ?? 0}";
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (!_closing)
            {
                lost = "connection-lost";
            }
        }

        if (lost is not null)
        {
            TaskCompletionSource<(NativeType, string?)>? pending;
            lock (_lock)
            {
                Lost = lost;
                pending = _pending;
            }

            pending?.TrySetResult((NativeType.Other, lost));
        }
    }

    /// <summary>Closes with 1000 and waits for the server's close (at most <paramref name="timeout"/>, then aborts).</summary>
    public Task CloseAsync(TimeSpan timeout)
    {
        _closing = true;
        return BenchSocket.CloseAsync(_socket, _receiveLoop, timeout);
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
