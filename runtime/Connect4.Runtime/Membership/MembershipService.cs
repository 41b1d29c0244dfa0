using Microsoft.Extensions.Logging;

namespace Connect4.Runtime.Membership;

/// <summary>
/// This node's part in membership: it heartbeats its own record and keeps a current view of the others,
/// read every <see cref="ClusterOptions.RefreshInterval"/> and at once when another node announces a change.
/// Failure detection is the heartbeat's expiry in the table (measured by the table's clock, so nodes' clocks
/// need not agree); a node that finds its own record gone writes it again.
/// </summary>
public sealed partial class MembershipService : IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly ClusterOptions _options;
    private readonly ILogger<MembershipService> _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _refreshSignal = new(0, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MembershipView _view = MembershipView.Empty;
    private Task? _heartbeats;
    private Task? _refreshes;
    private volatile bool _stopped;

    public MembershipService(IMembershipTable table, ClusterOptions options, ILogger<MembershipService> logger)
    {
        _table = table;
        _options = options;
        _logger = logger;
    }

    /// <summary>This node's record (set by <see cref="StartAsync"/>).</summary>
    public NodeInfo Self { get; private set; } = null!;

    public MembershipView View => Volatile.Read(ref _view);

    /// <summary>Raised (on a pool thread) after the view changed.</summary>
    public event Action<MembershipView>? ViewChanged;

    /// <summary>Completes at the next change of the view.</summary>
    public Task NextChange => Volatile.Read(ref _changed).Task;

    /// <summary>Registers this node and starts heartbeating and watching.</summary>
    public async Task StartAsync(NodeInfo self)
    {
        Self = self;
        await _table.SubscribeAsync(RequestRefresh);
        await _table.HeartbeatAsync(self, _options.DeathTimeout);
        await _table.NotifyChangedAsync();
        await RefreshAsync();
        _heartbeats = HeartbeatLoopAsync();
        _refreshes = RefreshLoopAsync();
        LogJoined(self.NodeId, self.Role, self.Host, self.Port);
    }

    /// <summary>
    /// Marks this node as leaving: others stop placing grains on it. When the table cannot be reached (Redis down),
    /// the node still stops: the others then find out when its heartbeat lapses, as after a crash.
    /// </summary>
    public async Task BeginLeaveAsync()
    {
        Self = Self with { Status = NodeStatus.Leaving };
        try
        {
            await _table.HeartbeatAsync(Self, _options.DeathTimeout);
            await _table.NotifyChangedAsync();
        }
        catch (Exception e)
        {
            LogTableFailed(e, "announcing the leave");
            return;
        }

        await RefreshAsync();
    }

    /// <summary>Removes this node from the table and stops (a graceful leave).</summary>
    public async Task LeaveAsync()
    {
        await StopLoopsAsync();
        try
        {
            await _table.RemoveAsync(Self.NodeId);
            await _table.NotifyChangedAsync();
            LogLeft(Self.NodeId);
        }
        catch (Exception e)
        {
            LogTableFailed(e, "leave");
        }
    }

    /// <summary>Stops heartbeating without a goodbye (as a crash would); the others find out when the heartbeat lapses.</summary>
    public Task AbandonAsync() => StopLoopsAsync();

    /// <summary>Reads membership now, outside the regular interval.</summary>
    public void RequestRefresh()
    {
        if (_refreshSignal.CurrentCount == 0)
        {
            try
            {
                _refreshSignal.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        while (await Tick(timer))
        {
            try
            {
                await _table.HeartbeatAsync(Self, _options.DeathTimeout);
            }
            catch (Exception e)
            {
                LogTableFailed(e, "heartbeat");
            }
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _refreshSignal.WaitAsync(_options.RefreshInterval, _stop.Token);
                await RefreshAsync();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogTableFailed(e, "refresh");
            }
        }
    }

    private async Task RefreshAsync()
    {
        var nodes = await _table.ReadLiveAsync();
        if (_stopped)
        {
            return;
        }

        var current = View;
        var candidate = new MembershipView(current.Version + 1, nodes);
        if (candidate.SameMembers(current))
        {
            return;
        }

        Volatile.Write(ref _view, candidate);
        LogViewChanged(candidate.ToString());
        var changed = Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        changed.TrySetResult();
        ViewChanged?.Invoke(candidate);
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task StopLoopsAsync()
    {
        _stopped = true;
        await _stop.CancelAsync();
        if (_heartbeats is not null)
        {
            await _heartbeats;
        }

        if (_refreshes is not null)
        {
            await _refreshes;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        _stop.Dispose();
    }

    [LoggerMessage(1100, LogLevel.Information, "Node {NodeId} joined the cluster as {Role} at {Host}:{Port}")]
    private partial void LogJoined(string nodeId, NodeRole role, string host, int port);

    [LoggerMessage(1101, LogLevel.Information, "Node {NodeId} left the cluster")]
    private partial void LogLeft(string nodeId);

    [LoggerMessage(1102, LogLevel.Information, "Membership changed: {View}")]
    private partial void LogViewChanged(string view);

    [LoggerMessage(1103, LogLevel.Warning, "Membership {Operation} failed; keeping the last view")]
    private partial void LogTableFailed(Exception exception, string operation);
}
