using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>
/// A game slot on the native protocol (<c>/ws</c>): seat 0 (red) and seat 1 (yellow) say hello once, then play
/// game after game (red creates, yellow joins, spectators watch), moving at random with <c>ply</c>.
/// </summary>
internal sealed class NativeGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris) : LoadGame(ctx, index, uris)
{
    protected override Task OpenAsync(CancellationToken cancel) => OpenAndHelloAsync("bench", cancel);

    protected override async Task PlayRoundAsync(CancellationToken stop)
    {
        var created = await CreateAndJoinAsync(stop);
        if (created.Kind == SeatEventKind.Error)
        {
            await Task.Delay(100, stop);
            return;
        }

        for (var s = 2; s < Sockets.Length; s++)
        {
            await WatchAsync(s, created.WatchKey!, stop);
        }

        if (await PlayRandomGameAsync(stop))
        {
            GameDone();
        }
    }

    /// <summary>Records the latencies of the current game's moves as they arrive; a player's sight of its opponent's
    /// move also goes to the driver, which moves on when it comes.</summary>
    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var m = NativeMessage.Read(message);
        var seat = socket.Seat;
        switch (m.Type)
        {
            case NativeType.Unreadable:
                Unreadable(m.Problem);
                return;
            case NativeType.Move when m.Ply is >= 1 and <= 42 && m.GameId.SequenceEqual(GameId):
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

                    Post(new SeatEvent(SeatEventKind.OpponentMove, seat, Ply: m.Ply));
                }

                return;
            case NativeType.Played when m.Ply is >= 1 and <= 42 && (m.GameId.SequenceEqual(GameId) || m.GameId.SequenceEqual(PreviousGameId)):
                var sent = Volatile.Read(ref SentAt[m.Ply - 1]);
                if (Ctx.Measured(sent))
                {
                    Logs[seat].Played.Add(timestamp - sent);
                }

                return; // the driver waits for the opponent's sight of the move, not for this
        }

        if (m.ToReply(seat, timestamp) is { } reply)
        {
            Post(reply);
        }
    }
}
