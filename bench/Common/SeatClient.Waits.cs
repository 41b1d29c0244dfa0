using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Connect4.Bench.Common;

/// <summary>
/// The events the receive loops hand to the driver, and the driver's waits for them. A wait allocates nothing (load
/// waits for every move): it reads the channel without a cancellation token, and its deadline and cancellation come as
/// events of their own, <see cref="SeatEventKind.Timeout"/> from the client's one timer and <see cref="SeatEventKind.Stop"/>
/// from the token; those an earlier wait left behind are recognised and dropped.
/// </summary>
internal abstract partial class SeatClient
{
    private static readonly TimeSpan Infinite = System.Threading.Timeout.InfiniteTimeSpan;

    private readonly Channel<SeatEvent> _events = Channel.CreateUnbounded<SeatEvent>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        AllowSynchronousContinuations = false,
    });

    /// <summary>Armed for each wait, off between them; unscheduled, it holds nothing up.</summary>
    private readonly Timer _deadline;
    private readonly long _timeoutTicks;
    /// <summary>When the wait in progress began (Stopwatch ticks), 0 between waits: the timer's callback reads it.</summary>
    private long _waitingSince;

    /// <summary>What a wait ends on: an event of <see cref="Kind"/> from <see cref="Seat"/> with <see cref="Rid"/>, or, for
    /// <see cref="SeatEventKind.OpponentMove"/>, a player's sight of the move that makes <see cref="Ply"/> plies; and
    /// always an error from <see cref="Seat"/> with <see cref="Rid"/>.</summary>
    protected readonly record struct Awaited(SeatEventKind Kind, int Seat, int Rid, int Ply = -1)
    {
        public bool EndsWith(in SeatEvent e) => e.Kind == SeatEventKind.OpponentMove
            ? Kind == SeatEventKind.OpponentMove && e.Ply == Ply
            : (e.Kind == Kind || e.Kind == SeatEventKind.Error) && e.Seat == Seat && e.Rid == Rid;
    }

    /// <summary>
    /// The event that ends the wait for <paramref name="awaited"/>. The errors read meanwhile are counted
    /// (<see cref="OnError"/>), the one it ends on too unless it waits for an error; a lost socket, or nothing that ends
    /// it within <see cref="Timeout"/>, breaks the session.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected async ValueTask<SeatEvent> WaitAsync(Awaited awaited, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());
        _deadline.Change(Timeout, Infinite);
        using var stop = cancel.UnsafeRegister(static client => ((SeatClient)client!).Post(new SeatEvent(SeatEventKind.Stop)), this);
        try
        {
            while (true)
            {
                var e = await _events.Reader.ReadAsync();
                switch (e.Kind)
                {
                    case SeatEventKind.Stop or SeatEventKind.Timeout when !IsDue(e, cancel):
                        continue; // an earlier wait's
                    case SeatEventKind.Stop:
                        throw new OperationCanceledException(cancel);
                    case SeatEventKind.Timeout:
                        throw new SessionBrokenException("timeout", $"no reply on the {SeatName(awaited.Seat)}'s socket within {Timeout.TotalSeconds:0.#} s");
                    case SeatEventKind.Lost:
                        throw new SessionBrokenException(e.Code!, $"the {SeatName(e.Seat)}'s socket: {e.Code}");
                }

                var ends = awaited.EndsWith(e);
                if (e.Kind == SeatEventKind.Error && !(ends && awaited.Kind == SeatEventKind.Error))
                {
                    OnError(e.Code!);
                }

                if (ends)
                {
                    return e;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _waitingSince, 0);
            _deadline.Change(Infinite, Infinite);
        }
    }

    /// <summary>Whether a stop or a timeout read is the wait's own: its token is cancelled, or it has lasted the timeout.</summary>
    private bool IsDue(in SeatEvent e, CancellationToken cancel) => e.Kind == SeatEventKind.Stop
        ? cancel.IsCancellationRequested
        : Stopwatch.GetTimestamp() - Volatile.Read(ref _waitingSince) >= _timeoutTicks;

    /// <summary>
    /// The timer fired: a timeout for the wait in progress if it has lasted that long; else (the timer fires a little
    /// early at times, and a late callback of an earlier wait's timer finds a younger wait) the timer is set again for
    /// what is left of it. Between waits, nothing.
    /// </summary>
    private void OnDeadline()
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since == 0)
        {
            return;
        }

        var left = _timeoutTicks - (Stopwatch.GetTimestamp() - since);
        if (left <= 0)
        {
            Post(new SeatEvent(SeatEventKind.Timeout));
        }
        else
        {
            _deadline.Change(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency) + TimeSpan.FromMilliseconds(1), Infinite);
        }
    }

    /// <summary>Hands an event to the driver (from a receive loop).</summary>
    protected void Post(in SeatEvent e) => _events.Writer.TryWrite(e);

    /// <summary>Drops the events left behind (closed sockets' messages and losses, stale stops and timeouts).</summary>
    private void DropEvents()
    {
        while (_events.Reader.TryRead(out _))
        {
        }
    }
}
