using Microsoft.Extensions.Options;

namespace Connect4.Gateway.Routing;

/// <summary>
/// Renews the gateway's leases: on every followed game each <c>Gateway:SubscriptionRefresh</c>, on every connected
/// player each <c>Gateway:PlayerRefresh</c>. A game that moved to another silo (its old one died) learns its followers
/// back from the next renewal, and a renewal that shows missed moves makes those connections catch up.
/// </summary>
internal sealed partial class RenewalLoop(IGatewayLeases leases, IOptions<GatewayOptions> options, TimeProvider time, ILogger<RenewalLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gamesEvery = options.Value.SubscriptionRefresh;
        var playersEvery = options.Value.PlayerRefresh;
        var playersRenewedAt = time.GetTimestamp();
        using var timer = new PeriodicTimer(gamesEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // The tick's time, read before the games' pass, so the players' period does not drift by that pass's length.
                var now = time.GetTimestamp();
                await Renew(() => leases.RenewGamesAsync(stoppingToken), "games");
                if (time.GetElapsedTime(playersRenewedAt, now) >= playersEvery)
                {
                    playersRenewedAt = now;
                    await Renew(() => leases.RenewPlayersAsync(stoppingToken), "players");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; a failed renewal is retried at the next tick, well within the lease.</summary>
    private async Task Renew(Func<Task> pass, string what)
    {
        try
        {
            await pass();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRenewalFailed(what, e.Message);
        }
    }

    [LoggerMessage(1300, LogLevel.Information, "Renewing the gateway's leases on {What} failed in part: {Reason}")]
    private partial void LogRenewalFailed(string what, string reason);
}
