using Connect4.Runtime.Membership;
using Connect4.Runtime.Messaging;
using Connect4.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace Connect4.Runtime;

/// <summary>Routes calls within one process: the local catalog and local observers.</summary>
internal sealed class LocalRouter(Silo silo, ObserverRegistry observers) : IGrainCallRouter
{
    public Task<InvokeResponse> SendAsync(InvokeRequest request) =>
        request.Target.IsObserver ? observers.InvokeAsync(request, silo.Factory.Serializer) : silo.InvokeAsync(request);
}

/// <summary>
/// Routes calls across the cluster. A grain call goes to the silo that placement picks from this node's view:
/// the local catalog when that is this node, else a connection to that silo. A call the silo could not take
/// (it is not the grain's home in its own view, or it is leaving), or one that could not be sent, waits for the
/// view to change and is tried again until its deadline; it certainly did not run. A call lost after it was
/// sent fails at once with <see cref="SiloUnavailableException"/>. Observer calls go to the node that made the
/// reference, and fail at once with <see cref="ObserverNotAvailableException"/> when it is gone.
/// </summary>
internal sealed partial class ClusterRouter : IGrainCallRouter, IIncomingCallHandler
{
    private readonly Silo? _silo;
    private readonly ObserverRegistry _observers;
    private readonly MembershipService _membership;
    private readonly NodeConnector _connector;
    private readonly GrainFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterRouter> _logger;

    public ClusterRouter(Silo? silo, ObserverRegistry observers, MembershipService membership, NodeConnector connector,
        GrainFactory factory, TimeProvider time, ILogger<ClusterRouter> logger)
    {
        _silo = silo;
        _observers = observers;
        _membership = membership;
        _connector = connector;
        _factory = factory;
        _time = time;
        _logger = logger;
    }

    private string Self => _observers.NodeId;

    /// <summary>Set when this node was killed (a simulated crash): it answers nothing more.</summary>
    public bool IsKilled { get; set; }

    public async Task<InvokeResponse> SendAsync(InvokeRequest request)
    {
        if (request.Target.IsObserver)
        {
            return await SendToObserverAsync(request);
        }

        var backoff = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var view = _membership.View;
            var home = Placement.Pick(request.Target, view.ActiveSilos);
            try
            {
                if (home is not null && home.NodeId == Self && _silo is not null && _membership.Self.Status == NodeStatus.Active)
                {
                    return await _silo.InvokeAsync(request);
                }

                if (home is not null && home.NodeId != Self)
                {
                    var connection = _connector.Get(home);
                    if (request.OneWay)
                    {
                        return connection.Post(request)
                            ? InvokeResponse.Empty
                            : throw new ConnectionLostException($"The connection to {home.NodeId} is closed.", requestSent: false);
                    }

                    var (status, response) = await connection.CallAsync(request);
                    if (status == ResponseStatus.Completed)
                    {
                        return response;
                    }

                    LogRerouted(request.Target, home.NodeId);
                }
            }
            catch (ConnectionLostException e) when (!e.RequestSent)
            {
                LogUnreachable(request.Target, home!.NodeId, e.Message);
            }
            catch (ConnectionLostException e)
            {
                return Fail(new SiloUnavailableException($"The silo hosting {request.Target} was lost during the call: {e.Message}"));
            }

            // Not delivered: wait for the view to move on (a death or a departure being noticed), then try again.
            var left = request.Deadline - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return Fail(new TimeoutException($"No silo could take the call to {request.Target} before its deadline."));
            }

            _membership.RequestRefresh();
            await Task.WhenAny(_membership.NextChange, Task.Delay(Min(backoff, left)));
            backoff = Min(backoff * 2, TimeSpan.FromMilliseconds(500));
        }
    }

    private async Task<InvokeResponse> SendToObserverAsync(InvokeRequest request)
    {
        var owner = ObserverRegistry.NodeOf(request.Target);
        if (owner == Self)
        {
            return await _observers.InvokeAsync(request, _factory.Serializer);
        }

        var node = _membership.View.Find(owner);
        if (node is null)
        {
            return Fail(new ObserverNotAvailableException($"Observer {request.Target}: node {owner} is not in the cluster."));
        }

        try
        {
            var connection = _connector.Get(node);
            if (request.OneWay)
            {
                return connection.Post(request) ? InvokeResponse.Empty : Fail(new ObserverNotAvailableException($"Observer {request.Target}: node {owner} is not connected."));
            }

            var (_, response) = await connection.CallAsync(request);
            return response;
        }
        catch (ConnectionLostException e)
        {
            return Fail(new ObserverNotAvailableException($"Observer {request.Target}: node {owner} cannot be reached: {e.Message}"));
        }
    }

    /// <summary>A call from another node.</summary>
    public async Task<(ResponseStatus Status, InvokeResponse? Response)> HandleAsync(InvokeRequest request)
    {
        if (IsKilled)
        {
            return (ResponseStatus.Reroute, null);
        }

        if (request.Target.IsObserver)
        {
            return (ResponseStatus.Completed, ObserverRegistry.NodeOf(request.Target) == Self
                ? await _observers.InvokeAsync(request, _factory.Serializer)
                : Fail(new ObserverNotAvailableException($"Observer {request.Target} does not live on {Self}.")));
        }

        if (_silo is null || _membership.Self.Status != NodeStatus.Active
            || Placement.Pick(request.Target, _membership.View.ActiveSilos)?.NodeId != Self)
        {
            _membership.RequestRefresh();
            if (request.OneWay)
            {
                // No response will tell the caller to try elsewhere: send it on from here.
                _ = SendAsync(request);
            }

            return (ResponseStatus.Reroute, null);
        }

        return (ResponseStatus.Completed, await _silo.InvokeAsync(request));
    }

    private InvokeResponse Fail(Exception error) => new(null, _factory.Serializer.SerializeException(error));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(1150, LogLevel.Debug, "Call to {GrainId} was turned away by {NodeId}; waiting for membership to settle")]
    private partial void LogRerouted(GrainId grainId, string nodeId);

    [LoggerMessage(1151, LogLevel.Information, "Call to {GrainId} could not reach {NodeId}: {Reason}; waiting for membership to change")]
    private partial void LogUnreachable(GrainId grainId, string nodeId, string reason);
}
