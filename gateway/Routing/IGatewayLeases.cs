namespace Connect4.Gateway.Routing;

/// <summary>The leases this gateway holds on grains, which <see cref="RenewalLoop"/> renews (<see cref="GatewayHub"/> holds them).</summary>
internal interface IGatewayLeases
{
    /// <summary>Renews this gateway's lease on every game it follows; connections that are behind catch up.</summary>
    Task RenewGamesAsync(CancellationToken cancellationToken);

    /// <summary>Renews this gateway's registration with every player that has a connection here.</summary>
    Task RenewPlayersAsync(CancellationToken cancellationToken);
}
