using System.Diagnostics;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>
/// A game slot on the native protocol (<c>/ws</c>): seat 0 (red) and seat 1 (yellow) say hello once, then play
/// game after game (red creates, yellow joins, spectators watch), moving at random with <c>ply</c>.
/// </summary>
internal sealed class NativeGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris) : KeptSocketsGame(ctx, index, uris)
{
    /// <summary>The current game's id (UTF-8), read by the receive loops to drop messages of earlier games.</summary>
    private byte[] _gameId = [];
    /// <summary>The game before it: a played reply of its last move may arrive after the next game's created.</summary>
    private byte[] _previousGameId = [];
    private int _rid;

    protected override async Task OpenAsync(CancellationToken cancel)
    {
        for (var s = 0; s < Sockets.Length; s++)
        {
            Sockets[s] = await ConnectAsync(s, cancel);
        }

        for (var s = 0; s < Sockets.Length; s++)
        {
            var w = await BeginAsync(s, cancel);
            w.WriteString("type"u8, "hello"u8);
            w.WriteNumber("rid"u8, ++_rid);
            w.WriteString("name"u8, s switch { Red => "bench-red", Yellow => "bench-yellow", _ => "bench-spectator" });
            await SendAndExpectReplyAsync(s, _rid, cancel);
        }
    }

    protected override async Task PlayAsync(CancellationToken stop)
    {
        while (!Ctx.TimeUp)
        {
            // Create (red), join (yellow), watch (spectators).
            var w = await BeginAsync(Red, stop);
            w.WriteString("type"u8, "create"u8);
            w.WriteNumber("rid"u8, ++_rid);
            var created = await SendAndExpectReplyAsync(Red, _rid, stop);
            if (created.Kind != OutcomeKind.Reply)
            {
                await Task.Delay(100, stop);
                continue;
            }

            Volatile.Write(ref _previousGameId, _gameId);
            Volatile.Write(ref _gameId, created.GameId!);
            w = await BeginAsync(Yellow, stop);
            w.WriteString("type"u8, "join"u8);
            w.WriteNumber("rid"u8, ++_rid);
            w.WriteString("joinKey"u8, created.JoinKey);
            if ((await SendAndExpectReplyAsync(Yellow, _rid, stop)).Kind != OutcomeKind.Reply)
            {
                await Task.Delay(100, stop);
                continue;
            }

            for (var s = 2; s < Sockets.Length; s++)
            {
                w = await BeginAsync(s, stop);
                w.WriteString("type"u8, "watch"u8);
                w.WriteNumber("rid"u8, ++_rid);
                w.WriteString("watchKey"u8, created.WatchKey);
                await SendAndExpectReplyAsync(s, _rid, stop);
            }

            Board.Reset();
            if (await PlayOneGameAsync(stop))
            {
                GameDone();
            }
        }
    }

    /// <summary>Plays random moves until the game ends (true), or a move fails for good or the run ends (false).</summary>
    private async Task<bool> PlayOneGameAsync(CancellationToken stop)
    {
        var gameId = _gameId;
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
                var w = await BeginAsync(mover, stop);
                w.WriteString("type"u8, "play"u8);
                var rid = ++_rid;
                w.WriteNumber("rid"u8, rid);
                w.WriteString("gameId"u8, gameId);
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
                    if (o.Kind == OutcomeKind.Error && (o.Seat != mover || o.Rid != rid))
                    {
                        Ctx.Error(o.Code!);
                    }
                }
                while (!(o.Kind == OutcomeKind.OpponentMove && o.Ply == ply + 1)
                       && !(o.Kind == OutcomeKind.Error && o.Seat == mover && o.Rid == rid));

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
                    return false; // give this game up; the pair starts another
                }

                await Task.Delay(100, stop);
            }
        }

        return true;
    }

    /// <summary>Sends the command being written on <paramref name="seat"/>; returns its reply or its error (counted).</summary>
    private async ValueTask<Outcome> SendAndExpectReplyAsync(int seat, int rid, CancellationToken cancel)
    {
        await SendAsync(seat, cancel);
        var stamp = Arm();
        while (true)
        {
            var o = await NextAsync(stamp);
            if (o.Kind is OutcomeKind.Reply or OutcomeKind.Error && o.Seat == seat && o.Rid == rid)
            {
                Disarm();
                if (o.Kind == OutcomeKind.Error)
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

        var seat = socket.Seat;
        switch (m.Type)
        {
            case NativeType.Move when m.Ply is >= 1 and <= 42 && m.GameId.SequenceEqual(Volatile.Read(ref _gameId)):
                var sentAt = Volatile.Read(ref SentAt[m.Ply - 1]);
                if (seat >= 2)
                {
                    if (Ctx.Measured(sentAt))
                    {
                        Logs[seat].Spectator.Add(timestamp - sentAt);
                    }
                }
                else if (m.Player != seat + 1)
                {
                    // The opponent's move (a player also receives its own).
                    if (Ctx.Measured(sentAt))
                    {
                        Logs[seat].Opponent.Add(timestamp - sentAt);
                    }

                    Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.OpponentMove, seat, Ply: m.Ply));
                }

                break;
            case NativeType.Played when m.Ply is >= 1 and <= 42
                                        && (m.GameId.SequenceEqual(Volatile.Read(ref _gameId)) || m.GameId.SequenceEqual(Volatile.Read(ref _previousGameId))):
                var sent = Volatile.Read(ref SentAt[m.Ply - 1]);
                if (Ctx.Measured(sent))
                {
                    Logs[seat].Played.Add(timestamp - sent);
                }

                break;
            case NativeType.Created:
                Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Reply, seat, m.Rid, GameId: m.GameId.ToArray(),
                    JoinKey: m.JoinKey.ToArray(), WatchKey: m.WatchKey.ToArray()));
                break;
            case NativeType.Welcome or NativeType.Joined or NativeType.Watching:
                Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Reply, seat, m.Rid));
                break;
            case NativeType.Error:
                Outcomes.Writer.TryWrite(new Outcome(OutcomeKind.Error, seat, m.Rid, Code: ErrorCodes.Of(m.Code)));
                break;
        }
    }
}
