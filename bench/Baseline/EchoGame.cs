using System.Diagnostics;
using System.Text;
using Connect4.Bench.Common;
using Connect4.Bench.Load;
using Connect4.GrainInterfaces;

namespace Connect4.Bench.Baseline;

/// <summary>
/// A "game" of the baseline, driven like a load game: two sockets to the echo server take turns, and a move is one
/// message shaped and sized like a native <c>play</c> command (type, rid, a real-length game id, column, ply), sent by
/// the mover's socket and timed until its echo arrives back on it; the next move goes when it has. The round trip is
/// recorded where a load game records the mover's <c>played</c> latency.
/// </summary>
internal sealed class EchoGame : LoadGame
{
    private const int Plies = Board.Columns * Board.Rows;

    private int _ply;

    public EchoGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris)
        : base(ctx, index, uris)
    {
        SetGame(Encoding.UTF8.GetBytes(GameKeys.NewGameId()));
    }

    protected override Task OpenAsync(CancellationToken cancel) => ConnectAllAsync(cancel);

    /// <summary>A message and its echo, the two sockets taking turns, until the run's end.</summary>
    protected override async Task PlayRoundAsync(CancellationToken stop)
    {
        while (!Ctx.TimeUp)
        {
            var ply = _ply;
            var mover = ply & 1;
            var column = Random.Next(Board.Columns);
            await Ctx.PaceAsync(stop);
            var rid = WritePlay(await BeginAsync(mover, stop), column, ply);
            var sentAt = Stopwatch.GetTimestamp();
            Volatile.Write(ref SentAt[ply], sentAt);
            await SendAndWaitAsync(mover, rid, stop);
            MoveDone(sentAt);
            _ply = (ply + 1) % Plies;
        }
    }

    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var m = NativeMessage.Read(message);
        if (m.Type == NativeType.Unreadable)
        {
            Unreadable(m.Problem);
            return;
        }

        if (m.Rid < 0 || m.Ply is < 0 or >= Plies)
        {
            Ctx.Error("unexpected-message");
            return;
        }

        var sentAt = Volatile.Read(ref SentAt[m.Ply]);
        if (Ctx.Measured(sentAt))
        {
            Logs[socket.Seat].Played.Add(timestamp - sentAt);
        }

        Post(new SeatEvent(SeatEventKind.Reply, socket.Seat, m.Rid));
    }
}
