using System.Diagnostics;
using Connect4.Bench.Common;

namespace Connect4.Bench.Load;

/// <summary>The latencies one seat observes, written only by that seat's receive loop.</summary>
internal sealed class SeatLog
{
    public readonly List<long> Played = new(1024);
    public readonly List<long> Opponent = new(1024);
    public readonly List<long> Spectator = new(1024);
}

/// <summary>
/// One game slot of a load run (or of baseline): its two players and spectators, played by one driver round after
/// round until the run ends. The receive loops record the latencies (<see cref="Logs"/>) as messages arrive; the errors
/// and connections go to the run's counters. A broken session is counted, closed and, after a pause, started over on
/// fresh connections.
/// </summary>
internal abstract class LoadGame : SeatClient
{
    protected LoadGame(LoadContext ctx, int index, IReadOnlyList<Uri> uris)
        : base(SeatUrisOf(ctx, index, uris), ctx.NewRandom(), ctx.MoveTimeout, ctx.Options.ConnectionRate)
    {
        Ctx = ctx;
        Logs = Enumerable.Range(0, SeatUris.Count).Select(_ => new SeatLog()).ToArray();
    }

    protected LoadContext Ctx { get; }

    protected SeatLog[] Logs { get; }

    public IEnumerable<SeatLog> SeatLogs => Logs;

    protected override bool KeepsTrying => !Ctx.TimeUp;

    /// <summary>Round-robin over the URLs by consecutive connections, so both players of a game differ when there are several.</summary>
    private static Uri[] SeatUrisOf(LoadContext ctx, int index, IReadOnlyList<Uri> uris)
    {
        var seats = 2 + ctx.Options.Spectators;
        return Enumerable.Range(0, seats).Select(s => uris[(index * seats + s) % uris.Count]).ToArray();
    }

    /// <summary>Opens the sockets that stay open from one round to the next (native: with hello; tutorial: none).</summary>
    protected abstract Task OpenAsync(CancellationToken cancel);

    /// <summary>One round on open sockets: a game (native, tutorial), or one message and its echo (baseline).</summary>
    protected abstract Task PlayRoundAsync(CancellationToken stop);

    /// <summary>Before the clock starts: opens what can be opened ahead. A failure is counted; the run retries.</summary>
    public async Task PrepareAsync(CancellationToken cancel)
    {
        try
        {
            await OpenAsync(cancel);
        }
        catch (SessionBrokenException e)
        {
            Ctx.Error(e.Code);
            await CloseAsync();
        }
    }

    /// <summary>Plays rounds until the run's end, then returns (sockets still open).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!Ctx.TimeUp)
        {
            try
            {
                if (Sockets[Red] is null)
                {
                    await OpenAsync(stop);
                }

                await PlayRoundAsync(stop);
            }
            catch (SessionBrokenException e)
            {
                Ctx.Error(e.Code);
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

    /// <summary>Plays random legal moves on a created game until it ends (true), or a move fails for good or the run
    /// ends (false); each move goes at the run's pace and counts once the opponent has seen it.</summary>
    protected async Task<bool> PlayRandomGameAsync(CancellationToken stop)
    {
        while (!Board.IsOver)
        {
            if (Ctx.TimeUp)
            {
                return false;
            }

            var ply = Board.Ply;
            var column = Board.RandomLegal(Random);
            await Ctx.PaceAsync(stop);
            if ((await MoveAsync(column, untilOpponentSees: true, maxResends: 100, stop)).Kind == SeatEventKind.Error)
            {
                return false; // give this game up; the pair starts another
            }

            MoveDone(SentAt[ply]);
        }

        return true;
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

    protected override void OnError(string code) => Ctx.Error(code);

    protected override void OnConnected() => Ctx.Connected();

    protected override void OnDisconnected() => Ctx.Disconnected();

    /// <summary>A message this client could not read, counted as an error.</summary>
    protected void Unreadable(string? problem) => Ctx.Error("client-parse: " + problem);
}
