using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
internal sealed class EchoGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris) : KeptSocketsGame(ctx, index, uris)
{
    private const int Plies = Board.Columns * Board.Rows;

    private readonly byte[] _gameId = Encoding.UTF8.GetBytes(GameKeys.NewGameId());
    private int _rid;
    private int _ply;

    protected override async Task OpenAsync(CancellationToken cancel)
    {
        for (var s = 0; s < Sockets.Length; s++)
        {
            Sockets[s] = await ConnectAsync(s, cancel);
        }
    }

    protected override async Task PlayAsync(CancellationToken stop)
    {
        while (!Ctx.TimeUp)
        {
            var ply = _ply;
            var mover = ply & 1;
            var column = Random.Next(Board.Columns);
            await Ctx.PaceAsync(stop);
            var w = await BeginAsync(mover, stop);
            var rid = ++_rid;
            w.WriteString("type"u8, "play"u8);
            w.WriteNumber("rid"u8, rid);
            w.WriteString("gameId"u8, _gameId);
            w.WriteNumber("column"u8, column);
            w.WriteNumber("ply"u8, ply);
            var sentAt = Stopwatch.GetTimestamp();
            Volatile.Write(ref SentAt[ply], sentAt);
            await SendAsync(mover, stop);

            var stamp = Arm();
            Outcome o;
            do
            {
                o = await NextAsync(stamp);
            }
            while (!(o.Kind == OutcomeKind.Reply && o.Seat == mover && o.Rid == rid));

            Disarm();
            MoveDone(sentAt);
            _ply = (ply + 1) % Plies;
        }
    }

    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        NativeMessage m;
        try
        {
            m = NativeMessage.Parse(message);
        }
        catch (JsonException e)
        {
            RecordMessageError(e);
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

        Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Reply, socket.Seat, m.Rid));
    }
}
