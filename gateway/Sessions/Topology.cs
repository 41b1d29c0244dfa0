using Connect4.Gateway.Transport;
using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// Tells connections when the set of silos changed. A grain whose silo died or left comes back elsewhere without
/// the subscriptions it held in memory, so every connection renews its subscriptions at once rather than at its
/// next periodic renewal. In the embedded mode nothing ever changes.
/// </summary>
/// <remarks>
/// It walks the <see cref="ConnectionRegistry"/> on a change rather than keeping a waiter per connection, so an idle
/// connection pays nothing for it. Made at start-up (<see cref="GatewayEndpoints"/>), so it listens from the first view.
/// </remarks>
internal sealed class Topology
{
    private readonly ConnectionRegistry _connections;
    private string _silos = "";

    public Topology(IServiceProvider services, ConnectionRegistry connections)
    {
        _connections = connections;
        if (services.GetService<ClusterNodeService>() is { } node)
        {
            node.Membership.ViewChanged += OnViewChanged;
        }
    }

    private void OnViewChanged(MembershipView view)
    {
        var silos = string.Join(",", view.ActiveSilos.Select(s => s.NodeId));
        if (Interlocked.Exchange(ref _silos, silos) != silos)
        {
            foreach (var connection in _connections.Live)
            {
                connection.Renewal?.Now();
            }
        }
    }
}

/// <summary>
/// The gateway's one clock for renewals, as Kestrel has one heartbeat for its timeouts: each tick it walks the
/// connections and starts the renewals that are due, so a connection pays for a due time rather than a timer of its
/// own. It ticks every second, or four times a period when <c>Gateway:SubscriptionRefresh</c> is shorter than 4 s.
/// Made at start-up (<see cref="GatewayEndpoints"/>); disposed with the application.
/// </summary>
internal sealed class RenewalClock : IDisposable
{
    private readonly ConnectionRegistry _connections;
    private readonly ITimer _timer;
    private int _ticking;

    public RenewalClock(ConnectionRegistry connections, IOptions<GatewayOptions> options)
    {
        _connections = connections;
        var tick = TimeSpan.FromTicks(Math.Clamp(options.Value.SubscriptionRefresh.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = TimeProvider.System.CreateTimer(static s => ((RenewalClock)s!).Tick(), this, tick, tick);
    }

    public void Dispose() => _timer.Dispose();

    private void Tick()
    {
        // A tick that finds the previous one still walking (a stalled machine) is skipped.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            var now = Environment.TickCount64;
            foreach (var connection in _connections.Live)
            {
                connection.Renewal?.Tick(now);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}

/// <summary>What a <see cref="Renewal"/> renews.</summary>
internal interface IRenewable
{
    /// <summary>Renews the connection's subscriptions; reports (logs) its own failures rather than throwing.</summary>
    Task RenewAsync();
}

/// <summary>
/// Renews one connection's subscriptions every <c>period</c> (measured from the end of the previous renewal), and at
/// once when the silos change (<see cref="Now"/>). Both dialects use it. While it waits it is a due time that the
/// <see cref="RenewalClock"/> checks, not a timer or a task; a renewal runs on the thread pool in the execution
/// context of the connection that started it (its log scopes).
/// </summary>
internal sealed class Renewal : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Renewing = 1;
    private const int RenewingThenAgain = 2;

    private readonly IRenewable _owner;
    private readonly long _periodMs;
    private readonly ExecutionContext? _context = ExecutionContext.Capture();
    private long _due;
    private int _state;
    private volatile bool _disposed;

    /// <summary>Starts renewing: the first renewal is due one period from now.</summary>
    public Renewal(IRenewable owner, TimeSpan period)
    {
        _owner = owner;
        _periodMs = (long)period.TotalMilliseconds;
        _due = Environment.TickCount64 + _periodMs;
    }

    /// <summary>Called by the clock: starts the renewal if it is due.</summary>
    public void Tick(long now)
    {
        if (!_disposed && Volatile.Read(ref _state) == Idle && now >= Volatile.Read(ref _due))
        {
            Start();
        }
    }

    /// <summary>Renews now rather than at the end of the period; if a renewal is running, once more right after it.</summary>
    public void Now()
    {
        while (!_disposed)
        {
            switch (Interlocked.CompareExchange(ref _state, Renewing, Idle))
            {
                case Idle:
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                case Renewing when Interlocked.CompareExchange(ref _state, RenewingThenAgain, Renewing) != Renewing:
                    continue;
                default:
                    return;
            }
        }
    }

    /// <summary>Stops renewing (a renewal in progress finishes).</summary>
    public void Dispose() => _disposed = true;

    private void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Renewing, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_context is null)
        {
            _ = RunAsync();
        }
        else
        {
            ExecutionContext.Run(_context, static s => _ = ((Renewal)s!).RunAsync(), this);
        }
    }

    private async Task RunAsync()
    {
        do
        {
            if (_disposed)
            {
                Volatile.Write(ref _state, Idle);
                return;
            }

            // Whatever asked for another renewal before this point is answered by this one.
            Volatile.Write(ref _state, Renewing);
            try
            {
                await _owner.RenewAsync();
            }
            catch (Exception)
            {
                // The renewal reports its own failures; the next one is still due.
            }
        }
        while (Interlocked.CompareExchange(ref _state, Renewing, RenewingThenAgain) == RenewingThenAgain);

        // The next one is due a period after this one ended; the due time is set before the renewal reads as idle.
        Volatile.Write(ref _due, Environment.TickCount64 + _periodMs);
        if (Interlocked.CompareExchange(ref _state, Idle, Renewing) != Renewing)
        {
            // Asked again in between: go round once more.
            Volatile.Write(ref _state, Idle);
            Now();
        }
    }
}
