using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>
/// The game client that load, broadcast and failover play with: the two players of a game (seat 0 red, seat 1 yellow)
/// and any spectators (seats 2 and up), each on a <see cref="BenchSocket"/>. Receive loops turn messages into
/// <see cref="SeatEvent"/>s on a channel (<see cref="OnMessage"/>: the native protocol's replies, unless a subclass reads
/// more or speaks another dialect); one driver at a time sends commands and waits for their events, each wait bounded
/// by <see cref="Timeout"/> (SeatClient.Waits.cs). The commands and the move loop are in SeatClient.Commands.cs.
/// </summary>
internal abstract partial class SeatClient : ISocketHandler
{
    public const int Red = 0;
    public const int Yellow = 1;

    /// <summary>The rid of a command in a dialect that has none (tutorial); its answers carry it too.</summary>
    protected const int NoRid = -1;

    private readonly CommandBucket[] _buckets;
    private readonly double _connectionRate;
    private byte[] _gameId = [];
    private byte[] _previousGameId = [];

    /// <param name="seatUris">Where each seat connects; their count is the seats'.</param>
    /// <param name="connectionRate">Commands per second each connection allows itself (0: no cap); see <see cref="CommandBucket"/>.</param>
    protected SeatClient(IReadOnlyList<Uri> seatUris, Random random, TimeSpan timeout, double connectionRate = 0)
    {
        SeatUris = seatUris;
        Sockets = new BenchSocket?[seatUris.Count];
        _buckets = new CommandBucket[seatUris.Count];
        _connectionRate = connectionRate;
        Random = random;
        Timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _deadline = new Timer(static client => ((SeatClient)client!).OnDeadline(), this, Infinite, Infinite);
    }

    /// <summary>How long a wait for an answer may last before the session counts as broken (<c>timeout</c>).</summary>
    public TimeSpan Timeout { get; }

    public Board Board { get; } = new();

    /// <summary>Moves sent again after an <c>unavailable</c> or <c>rate-limited</c> answer.</summary>
    public int Resends { get; private set; }

    protected IReadOnlyList<Uri> SeatUris { get; }

    /// <summary>The socket of each seat, null while it is not open (written with <see cref="Volatile"/>: receive loops read it).</summary>
    protected BenchSocket?[] Sockets { get; }

    protected Random Random { get; }

    /// <summary>Send time of the move at each ply (index: plies before it), read by the receive loops.</summary>
    protected long[] SentAt { get; } = new long[Board.Columns * Board.Rows + 1];

    /// <summary>The current game's id (UTF-8): receive loops read it to tell its events from an earlier game's.</summary>
    protected byte[] GameId => Volatile.Read(ref _gameId);

    /// <summary>The game before it: the <c>played</c> reply of its last move may come after the next game's <c>created</c>.</summary>
    protected byte[] PreviousGameId => Volatile.Read(ref _previousGameId);

    protected void SetGame(byte[] id)
    {
        Volatile.Write(ref _previousGameId, _gameId);
        Volatile.Write(ref _gameId, id);
    }

    /// <summary>Each error a wait reads (see <see cref="WaitAsync"/>), for the owner's counts.</summary>
    protected virtual void OnError(string code)
    {
    }

    protected virtual void OnConnected()
    {
    }

    /// <summary>A socket ended, asked to or not (once per socket).</summary>
    protected virtual void OnDisconnected()
    {
    }

    /// <summary>Opens the seat's socket within <see cref="Timeout"/>; a failure breaks the session (<c>connect-failed</c>).</summary>
    protected async Task ConnectAsync(int seat, CancellationToken cancel)
    {
        var socket = new BenchSocket(SeatUris[seat], seat, this);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Timeout);
            await socket.ConnectAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            await socket.CloseAsync(TimeSpan.Zero);
            throw new SessionBrokenException("connect-failed", $"the {SeatName(seat)}'s socket: connect-failed: {BenchSocket.Innermost(e).Message}");
        }

        _buckets[seat] = new CommandBucket(_connectionRate); // the server's limit is per connection
        Volatile.Write(ref Sockets[seat], socket);
        OnConnected();
    }

    protected async Task ConnectAllAsync(CancellationToken cancel)
    {
        for (var s = 0; s < Sockets.Length; s++)
        {
            await ConnectAsync(s, cancel);
        }
    }

    /// <summary>Takes a token of the seat's bucket, then starts a command on its socket.</summary>
    protected async ValueTask<Utf8JsonWriter> BeginAsync(int seat, CancellationToken cancel)
    {
        await _buckets[seat].TakeAsync(cancel);
        return Sockets[seat]!.Begin();
    }

    /// <summary>Sends the command started by <see cref="BeginAsync"/>; a failure breaks the session (<c>send-failed</c>).</summary>
    protected async ValueTask SendAsync(int seat, CancellationToken cancel)
    {
        try
        {
            await Sockets[seat]!.SendAsync(cancel);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            throw new SessionBrokenException("send-failed", $"the {SeatName(seat)}'s socket: send-failed: {e.Message}");
        }
    }

    protected static string SeatName(int seat) => seat switch { Red => "red player", Yellow => "yellow player", _ => $"spectator {seat - 1}" };

    /// <summary>The native protocol's answers to commands (<see cref="NativeMessage.ToReply"/>); the other messages are dropped.</summary>
    public virtual void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        if (NativeMessage.Read(message).ToReply(socket.Seat, timestamp) is { } reply)
        {
            Post(reply);
        }
    }

    public void OnLost(BenchSocket socket, string reason)
    {
        if (socket.MarkGone())
        {
            OnDisconnected();
        }

        Post(new SeatEvent(SeatEventKind.Lost, socket.Seat, Code: reason));
    }

    /// <summary>Closes every open socket (1000, then the server's close, at most 5 s) and drops the events they left.</summary>
    public async Task CloseAsync()
    {
        var closing = new Task[Sockets.Length];
        for (var s = 0; s < Sockets.Length; s++)
        {
            closing[s] = CloseSeatAsync(Sockets[s]);
            Volatile.Write(ref Sockets[s], null);
        }

        await Task.WhenAll(closing);
        DropEvents();
    }

    private async Task CloseSeatAsync(BenchSocket? socket)
    {
        if (socket is null)
        {
            return;
        }

        await socket.CloseAsync(TimeSpan.FromSeconds(5));
        if (socket.MarkGone())
        {
            OnDisconnected();
        }
    }
}
