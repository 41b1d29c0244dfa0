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
    /// <summary>Per seat: the generation of its socket, so a message of an earlier game's socket is not taken for this one's.</summary>
    private BenchSocket?[] _current = new BenchSocket?[2 + ctx.Options.Spectators];

    public override Task PrepareAsync(CancellationToken cancel) => Task.CompletedTask;

    public override async Task RunAsync(CancellationToken stop)
    {
        using var _ = stop.Register(Stop);
        while (!Ctx.TimeUp)
        {
            try
            {
                var finished = await PlayOneGameAsync(stop);
                if (finished)
                {
                    GameDone();
                }

                await WaitAllSeenAsync();
                await CloseAsync();
            }
            catch (SessionBrokenException)
            {
                await CloseAsync();
                if (!Ctx.TimeUp)
                {
                    await Task.Delay(500, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> PlayOneGameAsync(CancellationToken stop)
    {
        Board.Reset();
        Array.Clear(_seen);

        // Red creates.
        await OpenAsync(Red, stop);
        var w = await BeginAsync(Red, stop);
        w.WriteString("type"u8, "init"u8);
        await SendAsync(Red, stop);
        var init = await ExpectAsync(Red, OutcomeKind.Reply);
        if (init.Kind != OutcomeKind.Reply)
        {
            return false;
        }

        // Yellow joins, then probes so that red knows the join is done.
        await OpenAsync(Yellow, stop);
        w = await BeginAsync(Yellow, stop);
        w.WriteString("type"u8, "init"u8);
        w.WriteString("join"u8, init.JoinKey);
        await SendAsync(Yellow, stop);
        w = await BeginAsync(Yellow, stop);
        w.WriteString("type"u8, "play"u8);
        w.WriteNumber("column"u8, 0);
        await SendAsync(Yellow, stop);
        var probe = await ExpectAsync(Yellow, OutcomeKind.Error);
        if (probe.Code != "not-your-turn")
        {
            Ctx.Error(probe.Code ?? "join-failed");
            return false;
        }

        for (var s = 2; s < Sockets.Length; s++)
        {
            await OpenAsync(s, stop);
            w = await BeginAsync(s, stop);
            w.WriteString("type"u8, "init"u8);
            w.WriteString("watch"u8, init.WatchKey);
            await SendAsync(s, stop);
        }

        while (!Board.IsOver)
        {
            if (Ctx.TimeUp)
            {
                return false;
            }

            var ply = Board.Ply;
            var mover = ply & 1;
            var column = Board.RandomLegal(Random);
            await Ctx.PaceAsync(stop);
            var resends = 0;
            while (true)
            {
                w = await BeginAsync(mover, stop);
                w.WriteString("type"u8, "play"u8);
                w.WriteNumber("column"u8, column);
                var sentAt = Stopwatch.GetTimestamp();
                Volatile.Write(ref SentAt[ply], sentAt);
                await SendAsync(mover, stop);

                var stamp = Arm();
                Outcome o;
                do
                {
                    o = await NextAsync(stamp);
                    if (o.Kind == OutcomeKind.Error && o.Seat != mover)
                    {
                        Ctx.Error(o.Code!);
                    }
                }
                while (!(o.Kind == OutcomeKind.OpponentMove && o.Ply == ply + 1) && !(o.Kind == OutcomeKind.Error && o.Seat == mover));

                Disarm();
                if (o.Kind == OutcomeKind.OpponentMove)
                {
                    Board.Play(column);
                    MoveDone(sentAt);
                    break;
                }

                Ctx.Error(o.Code!);
                if (!Retryable(o.Code!) || ++resends > 100 || Ctx.TimeUp)
                {
                    return false;
                }

                await Task.Delay(100, stop);
            }
        }

        return true;
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

    /// <summary>Waits for a reply or an error on <paramref name="seat"/>; other seats' errors are counted.</summary>
    private async ValueTask<Outcome> ExpectAsync(int seat, OutcomeKind kind)
    {
        var stamp = Arm();
        while (true)
        {
            var o = await NextAsync(stamp);
            if (o.Seat == seat && (o.Kind == kind || o.Kind == OutcomeKind.Error))
            {
                Disarm();
                if (o.Kind == OutcomeKind.Error && kind != OutcomeKind.Error)
                {
                    Ctx.Error(o.Code!);
                }

                return o;
            }

            if (o.Kind == OutcomeKind.Error)
            {
                Ctx.Error(o.Code!);
            }
        }
    }

    private async Task OpenAsync(int seat, CancellationToken cancel)
    {
        var socket = await ConnectAsync(seat, cancel);
        Sockets[seat] = socket;
        Buckets[seat] = new CommandBucket(Ctx.Options.ConnectionRate); // the server's limit is per connection
        Volatile.Write(ref _current[seat], socket);
    }

    public override async Task CloseAsync()
    {
        var closing = new Task[Sockets.Length];
        for (var s = 0; s < Sockets.Length; s++)
        {
            closing[s] = CloseSocketAsync(Sockets[s]);
            Sockets[s] = null;
            Volatile.Write(ref _current[s], null);
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

    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var seat = socket.Seat;
        if (!ReferenceEquals(Volatile.Read(ref _current[seat]), socket))
        {
            return;
        }

        TutorialMessage m;
        try
        {
            m = TutorialMessage.Parse(message);
        }
        catch (JsonException e)
        {
            RecordMessageError(e);
            return;
        }

        switch (m.Type)
        {
            case TutorialType.Play when _seen[seat] < SentAt.Length - 1:
                var ply = _seen[seat]++;
                var sentAt = Volatile.Read(ref SentAt[ply]);
                var moverSeat = m.Player - 1;
                if (!Ctx.Measured(sentAt))
                {
                    // Not in the measured window: only the opponent's signal below matters.
                }
                else if (seat >= 2)
                {
                    Logs[seat].Spectator.Add(timestamp - sentAt);
                }
                else if (moverSeat == seat)
                {
                    Logs[seat].Played.Add(timestamp - sentAt);
                }
                else
                {
                    Logs[seat].Opponent.Add(timestamp - sentAt);
                }

                if (seat < 2 && moverSeat != seat)
                {
                    Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.OpponentMove, seat, Ply: ply + 1));
                }

                break;
            case TutorialType.Init:
                Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Reply, seat, JoinKey: m.Join.ToArray(), WatchKey: m.Watch.ToArray()));
                break;
            case TutorialType.Error when m.Message.SequenceEqual("The game is a draw."u8):
                // Not an error: how the dialect announces a draw.
                break;
            case TutorialType.Error:
                Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Error, seat, Code: TutorialMessage.CodeOf(m.Message)));
                break;
        }
    }
}
