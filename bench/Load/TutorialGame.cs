using System.Diagnostics;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>
/// A game slot on the tutorial dialect (path <c>/</c>, PROTOCOL.md section 8). A connection of that dialect is in
/// one game for its life, so each game opens fresh sockets: red sends <c>init</c> and gets the keys; yellow sends
/// <c>init</c> with the join key; spectators <c>init</c> with the watch key. There is no <c>played</c> reply: the
/// mover's latency is to its own <c>play</c> event, the opponent's to the <c>play</c> event it receives.
/// </summary>
/// <remarks>
/// The dialect acknowledges neither a join nor a watch. Right after its <c>init</c>, yellow sends a probe
/// <c>play</c>; the server handles a connection's messages in order, so the probe's answer ("It isn't your turn.")
/// says the join is done, and red can start. The probe's answer is not counted as an error.
/// </remarks>
internal sealed class TutorialGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris) : LoadGame(ctx, index, uris)
{
    /// <summary>Per seat: the <c>play</c> events seen in the current game (the ply they reach), written by its receive loop.</summary>
    private readonly int[] _seen = new int[2 + ctx.Options.Spectators];

    /// <summary>Nothing stays open from one game to the next.</summary>
    protected override Task OpenAsync(CancellationToken cancel) => Task.CompletedTask;

    protected override async Task PlayRoundAsync(CancellationToken stop)
    {
        Array.Clear(_seen);
        if (await StartGameAsync(stop) && await PlayRandomGameAsync(stop))
        {
            GameDone();
        }

        await WaitAllSeenAsync();
        await CloseAsync();
    }

    /// <summary>Red creates, yellow joins (and probes), spectators watch; false when the game could not start.</summary>
    private async Task<bool> StartGameAsync(CancellationToken stop)
    {
        Board.Reset();
        await ConnectAsync(Red, stop);
        await SendInitAsync(Red, null, null, stop);
        var init = await WaitAsync(new Awaited(SeatEventKind.Reply, Red, NoRid), stop);
        if (init.Kind != SeatEventKind.Reply)
        {
            return false;
        }

        await ConnectAsync(Yellow, stop);
        await SendInitAsync(Yellow, "join", init.JoinKey, stop);
        WritePlay(await BeginAsync(Yellow, stop), column: 0, ply: 0);
        await SendAsync(Yellow, stop);
        var probe = await WaitAsync(new Awaited(SeatEventKind.Error, Yellow, NoRid), stop);
        if (probe.Code != "not-your-turn")
        {
            Ctx.Error(probe.Code!);
            return false;
        }

        for (var s = 2; s < Sockets.Length; s++)
        {
            await ConnectAsync(s, stop);
            await SendInitAsync(s, "watch", init.WatchKey, stop);
        }

        return true;
    }

    /// <summary>Sends <c>init</c>, with the key of a game to join or watch when <paramref name="keyName"/> is given.</summary>
    private async Task SendInitAsync(int seat, string? keyName, byte[]? key, CancellationToken stop)
    {
        var w = await BeginAsync(seat, stop);
        w.WriteString("type"u8, "init"u8);
        if (keyName is not null)
        {
            w.WriteString(keyName, key);
        }

        await SendAsync(seat, stop);
    }

    protected override int WritePlay(Utf8JsonWriter w, int column, int ply)
    {
        w.WriteString("type"u8, "play"u8);
        w.WriteNumber("column"u8, column);
        return NoRid;
    }

    /// <summary>Lets every seat see the last move before the sockets close (at most 2 s), so its latencies are not left out.</summary>
    private async Task WaitAllSeenAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        while (!AllSeen(Board.Ply) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(1);
        }
    }

    private bool AllSeen(int ply)
    {
        for (var s = 0; s < _seen.Length; s++)
        {
            if (Volatile.Read(ref _seen[s]) < ply)
            {
                return false;
            }
        }

        return true;
    }

    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var seat = socket.Seat;
        if (!ReferenceEquals(Volatile.Read(ref Sockets[seat]), socket))
        {
            return; // a message of an earlier game's socket
        }

        var m = TutorialMessage.Read(message);
        switch (m.Type)
        {
            case TutorialType.Unreadable:
                Unreadable(m.Problem);
                break;
            case TutorialType.Play when _seen[seat] < SentAt.Length - 1:
                var ply = _seen[seat]++;
                var sentAt = Volatile.Read(ref SentAt[ply]);
                var moverSeat = m.Player - 1;
                if (Ctx.Measured(sentAt))
                {
                    // A spectator's latency, the mover's own (its "played"), or the opponent's.
                    (seat >= 2 ? Logs[seat].Spectator : moverSeat == seat ? Logs[seat].Played : Logs[seat].Opponent).Add(timestamp - sentAt);
                }

                if (seat < 2 && moverSeat != seat)
                {
                    Post(new SeatEvent(SeatEventKind.OpponentMove, seat, Ply: ply + 1));
                }

                break;
            case TutorialType.Init:
                Post(new SeatEvent(SeatEventKind.Reply, seat, JoinKey: m.Join.ToArray(), WatchKey: m.Watch.ToArray()));
                break;
            case TutorialType.Error when m.Message.SequenceEqual("The game is a draw."u8):
                // Not an error: how the dialect announces a draw.
                break;
            case TutorialType.Error:
                Post(new SeatEvent(SeatEventKind.Error, seat, Code: TutorialMessage.CodeOf(m.Message)));
                break;
        }
    }
}
