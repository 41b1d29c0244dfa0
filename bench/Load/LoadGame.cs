using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

internal enum OutcomeKind
{
    /// <summary>A success reply (native: by rid; tutorial: <c>init</c>).</summary>
    Reply,
    /// <summary>An error message on a seat.</summary>
    Error,
    /// <summary>A player saw its opponent's move (<see cref="Outcome.Ply"/> is the count after it).</summary>
    OpponentMove,
    /// <summary>A socket ended without being asked to.</summary>
    Lost,
    /// <summary>The watchdog: nothing relevant arrived within the move timeout.</summary>
    Timeout,
    /// <summary>The run is over.</summary>
    Stop,
}

internal readonly record struct Outcome(
    OutcomeKind Kind,
    int Seat = -1,
    int Rid = -1,
    int Ply = -1,
    string? Code = null,
    byte[]? GameId = null,
    byte[]? JoinKey = null,
    byte[]? WatchKey = null,
    long Stamp = 0);

/// <summary>The latencies one seat observes, written only by that seat's receive loop.</summary>
internal sealed class SeatLog
{
    public readonly List<long> Played = new(1024);
    public readonly List<long> Opponent = new(1024);
    public readonly List<long> Spectator = new(1024);
}

internal sealed class SessionBrokenException(string code) : Exception(code)
{
    public string Code { get; } = code;
}

/// <summary>
/// One game slot of a load run: its two players and spectators, and a driver that plays game after game until the
/// run ends. Receive loops turn messages into <see cref="Outcome"/>s on a channel; the driver, one sequential loop,
/// reads them. A watchdog posts <see cref="OutcomeKind.Timeout"/> when a wait lasts longer than the move timeout.
/// </summary>
internal abstract class LoadGame : ISocketHandler
{
    /// <summary>The seats of the two players; spectators follow from seat 2.</summary>
    protected const int Red = 0;
    protected const int Yellow = 1;

    protected readonly LoadContext Ctx;
    protected readonly int Index;
    protected readonly int SeatCount;
    /// <summary>The socket of each seat, null while it is not open.</summary>
    protected readonly BenchSocket?[] Sockets;
    protected readonly Uri[] SeatUris;
    protected readonly SeatLog[] Logs;
    protected readonly CommandBucket[] Buckets;
    protected readonly Board Board = new();
    protected readonly Random Random;
    /// <summary>Send time of the move at each ply (index: plies before it), read by the receive loops.</summary>
    protected readonly long[] SentAt = new long[Board.Columns * Board.Rows + 1];
    protected readonly Channel<Outcome> Outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    private long _waitingSince;

    protected LoadGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris)
    {
        Ctx = ctx;
        Index = index;
        SeatCount = 2 + ctx.Options.Spectators;
        SeatUris = new Uri[SeatCount];
        Sockets = new BenchSocket?[SeatCount];
        Logs = new SeatLog[SeatCount];
        Buckets = new CommandBucket[SeatCount];
        for (var s = 0; s < SeatCount; s++)
        {
            // Round-robin over the URLs: consecutive connections, so both players of a game differ when there are several.
            SeatUris[s] = uris[(index * SeatCount + s) % uris.Count];
            Logs[s] = new SeatLog();
            Buckets[s] = new CommandBucket(ctx.Options.ConnectionRate);
        }

        Random = ctx.NewRandom();
    }

    public IEnumerable<SeatLog> SeatLogs => Logs;

    /// <summary>Before the clock starts: whatever can be set up ahead (native: connect and hello).</summary>
    public abstract Task PrepareAsync(CancellationToken cancel);

    /// <summary>Plays games until the run's end, then returns (sockets still open).</summary>
    public abstract Task RunAsync(CancellationToken stop);

    /// <summary>Closes every socket of the slot and drops what they left behind (a pending stop is kept).</summary>
    public virtual async Task CloseAsync()
    {
        var closing = new Task[Sockets.Length];
        for (var s = 0; s < Sockets.Length; s++)
        {
            closing[s] = CloseSocketAsync(Sockets[s]);
            Sockets[s] = null;
        }

        await Task.WhenAll(closing);
        while (Outcomes.Reader.TryRead(out var o))
        {
            if (o.Kind == OutcomeKind.Stop)
            {
                Stop();
                break;
            }
        }
    }

    public abstract void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp);

    public void OnLost(BenchSocket socket, string reason)
    {
        if (socket.MarkGone())
        {
            Ctx.Disconnected();
        }

        Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Lost, socket.Seat, Code: reason));
    }

    /// <summary>Called by the watchdog: posts a timeout when the current wait has lasted too long.</summary>
    public void CheckTimeout(long now, long timeoutTicks)
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since != 0 && now - since > timeoutTicks && Interlocked.CompareExchange(ref _waitingSince, 0, since) == since)
        {
            Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Timeout, Stamp: since));
        }
    }

    public void Stop() => Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Stop));

    /// <summary>Arms the watchdog for one wait; returns its stamp.</summary>
    protected long Arm()
    {
        var stamp = Stopwatch.GetTimestamp();
        Volatile.Write(ref _waitingSince, stamp);
        return stamp;
    }

    protected void Disarm() => Volatile.Write(ref _waitingSince, 0);

    /// <summary>
    /// The next outcome that matters to the wait armed with <paramref name="stamp"/>: stale timeouts are dropped,
    /// errors nobody waits for are counted, a lost socket or the end of the run throw.
    /// </summary>
    protected async ValueTask<Outcome> NextAsync(long stamp)
    {
        while (true)
        {
            var o = await Outcomes.Reader.ReadAsync();
            switch (o.Kind)
            {
                case OutcomeKind.Timeout when o.Stamp != stamp:
                    continue;
                case OutcomeKind.Timeout:
                    Ctx.Error("timeout");
                    throw new SessionBrokenException("timeout");
                case OutcomeKind.Lost:
                    Disarm();
                    Ctx.Error(o.Code!);
                    throw new SessionBrokenException(o.Code!);
                case OutcomeKind.Stop:
                    Disarm();
                    throw new OperationCanceledException();
                default:
                    return o;
            }
        }
    }

    protected void MoveDone(long sentAt)
    {
        Interlocked.Increment(ref Ctx.MovesTotal);
        if (Ctx.Measured(sentAt))
        {
            Interlocked.Increment(ref Ctx.MovesMeasured);
        }
    }

    protected void GameDone()
    {
        Interlocked.Increment(ref Ctx.GamesTotal);
        var now = Stopwatch.GetTimestamp();
        if (now >= Ctx.MeasureStart && now < Ctx.End)
        {
            Interlocked.Increment(ref Ctx.GamesMeasured);
        }
    }

    /// <summary>True for errors worth resending the same move after 100 ms.</summary>
    protected static bool Retryable(string code) => code is "unavailable" or "rate-limited";

    protected async Task<BenchSocket> ConnectAsync(int seat, CancellationToken cancel)
    {
        var socket = new BenchSocket(SeatUris[seat], seat, this);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Ctx.MoveTimeout);
            await socket.ConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            Ctx.Error("connect-failed");
            await socket.CloseAsync(TimeSpan.Zero);
            throw new SessionBrokenException("connect-failed");
        }

        Ctx.Connected();
        return socket;
    }

    protected async Task CloseSocketAsync(BenchSocket? socket)
    {
        if (socket is null)
        {
            return;
        }

        await socket.CloseAsync(TimeSpan.FromSeconds(5));
        if (socket.MarkGone())
        {
            Ctx.Disconnected();
        }
    }

    /// <summary>Takes a token of the seat's bucket, then starts a command on its socket.</summary>
    protected async ValueTask<Utf8JsonWriter> BeginAsync(int seat, CancellationToken cancel)
    {
        await Buckets[seat].TakeAsync(cancel);
        return Sockets[seat]!.Begin();
    }

    /// <summary>Sends the command started by <see cref="BeginAsync"/>; a failure counts as <c>send-failed</c> and breaks the session.</summary>
    protected async ValueTask SendAsync(int seat, CancellationToken cancel)
    {
        try
        {
            await Sockets[seat]!.SendAsync(cancel);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            Ctx.Error("send-failed");
            throw new SessionBrokenException("send-failed");
        }
    }

    protected void RecordMessageError(Exception e) => Ctx.Error("client-parse: " + e.GetType().Name);
}
