using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>The native protocol's commands, and the move loop every game of the tool is played with.</summary>
internal abstract partial class SeatClient
{
    private int _rid;

    protected int NextRid() => ++_rid;

    /// <summary>Whether a move answered <c>unavailable</c> or <c>rate-limited</c> is still worth resending (load: not
    /// once the run's time is up).</summary>
    protected virtual bool KeepsTrying => true;

    /// <summary>The first send of the move at <paramref name="ply"/> is about to go (before it, so that no event of the
    /// move can come before its send time).</summary>
    protected virtual void OnFirstSend(int ply, long timestamp)
    {
    }

    /// <summary>Opens every seat's socket, then says hello on each (named <paramref name="prefix"/>-red, -yellow or
    /// -spectator); the first error answered, if any.</summary>
    protected async Task<SeatEvent?> OpenAndHelloAsync(string prefix, CancellationToken cancel)
    {
        await ConnectAllAsync(cancel);
        SeatEvent? refused = null;
        for (var s = 0; s < Sockets.Length; s++)
        {
            var w = await BeginAsync(s, cancel);
            var rid = NextRid();
            w.WriteString("type"u8, "hello"u8);
            w.WriteNumber("rid"u8, rid);
            w.WriteString("name"u8, prefix + (s switch { Red => "-red", Yellow => "-yellow", _ => "-spectator" }));
            var answer = await SendAndWaitAsync(s, rid, cancel);
            refused ??= answer.Kind == SeatEventKind.Error ? answer : null;
        }

        return refused;
    }

    /// <summary>Red creates a game and yellow joins it, on a fresh <see cref="Board"/>: the <c>created</c> reply (the game
    /// id and keys), or the first error.</summary>
    protected async Task<SeatEvent> CreateAndJoinAsync(CancellationToken cancel)
    {
        var w = await BeginAsync(Red, cancel);
        var rid = NextRid();
        w.WriteString("type"u8, "create"u8);
        w.WriteNumber("rid"u8, rid);
        var created = await SendAndWaitAsync(Red, rid, cancel);
        if (created.Kind == SeatEventKind.Error)
        {
            return created;
        }

        SetGame(created.GameId!);
        w = await BeginAsync(Yellow, cancel);
        rid = NextRid();
        w.WriteString("type"u8, "join"u8);
        w.WriteNumber("rid"u8, rid);
        w.WriteString("joinKey"u8, created.JoinKey);
        var joined = await SendAndWaitAsync(Yellow, rid, cancel);
        if (joined.Kind == SeatEventKind.Error)
        {
            return joined;
        }

        Board.Reset();
        return created;
    }

    /// <summary>The seat watches the game of <paramref name="watchKey"/>: the <c>watching</c> reply or the error.</summary>
    protected async Task<SeatEvent> WatchAsync(int seat, byte[] watchKey, CancellationToken cancel)
    {
        var w = await BeginAsync(seat, cancel);
        var rid = NextRid();
        w.WriteString("type"u8, "watch"u8);
        w.WriteNumber("rid"u8, rid);
        w.WriteString("watchKey"u8, watchKey);
        return await SendAndWaitAsync(seat, rid, cancel);
    }

    /// <summary>Sends the command being written on the seat: its reply or its error.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<SeatEvent> SendAndWaitAsync(int seat, int rid, CancellationToken cancel)
    {
        await SendAsync(seat, cancel);
        return await WaitAsync(new Awaited(SeatEventKind.Reply, seat, rid), cancel);
    }

    /// <summary>Writes the move's <c>play</c> command (native: type, rid, gameId, column, ply); returns its rid.</summary>
    protected virtual int WritePlay(Utf8JsonWriter w, int column, int ply)
    {
        var rid = NextRid();
        w.WriteString("type"u8, "play"u8);
        w.WriteNumber("rid"u8, rid);
        w.WriteString("gameId"u8, GameId);
        w.WriteNumber("column"u8, column);
        w.WriteNumber("ply"u8, ply);
        return rid;
    }

    /// <summary>
    /// The move loop: plays <paramref name="column"/> for the side to move and waits until the move is acknowledged, by
    /// its <c>played</c> reply or, with <paramref name="untilOpponentSees"/>, by the opponent's sight of it. An
    /// <c>unavailable</c> or <c>rate-limited</c> answer is resent with the same ply after 100 ms, at most
    /// <paramref name="maxResends"/> times and while <see cref="KeepsTrying"/>. Returns the acknowledgement (the move is
    /// then on <see cref="Board"/>; <see cref="SentAt"/> holds its last send) or the error that ended the attempts.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<SeatEvent> MoveAsync(int column, bool untilOpponentSees, int maxResends, CancellationToken cancel)
    {
        var ply = Board.Ply;
        var mover = ply & 1;
        for (var attempt = 0; ; attempt++)
        {
            var w = await BeginAsync(mover, cancel);
            var rid = WritePlay(w, column, ply);
            var sentAt = Stopwatch.GetTimestamp();
            Volatile.Write(ref SentAt[ply], sentAt);
            if (attempt == 0)
            {
                OnFirstSend(ply, sentAt);
            }

            await SendAsync(mover, cancel);
            var answer = await WaitAsync(
                untilOpponentSees ? new Awaited(SeatEventKind.OpponentMove, mover, rid, ply + 1) : new Awaited(SeatEventKind.Played, mover, rid), cancel);
            if (answer.Kind != SeatEventKind.Error)
            {
                Board.Play(column);
                return answer;
            }

            if (answer.Code is not ("unavailable" or "rate-limited") || attempt >= maxResends || !KeepsTrying)
            {
                return answer;
            }

            Resends++;
            await Task.Delay(100, cancel);
        }
    }

    /// <summary>For owners that cannot go on after an error answer: throws it, naming the command.</summary>
    protected static void ThrowIfError(SeatEvent? answer, string command)
    {
        if (answer is { Kind: SeatEventKind.Error } error)
        {
            throw new InvalidOperationException($"{command} answered {error.Code}");
        }
    }
}
