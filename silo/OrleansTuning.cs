using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Connect4.SiloHost;

/// <summary>
/// Orleans' options where a game server wants other values than Orleans' defaults, each applied first and then
/// overridable from the <c>Orleans</c> configuration section (<c>Orleans__Membership__ProbeTimeout=00:00:05</c>,
/// <c>Orleans__Messaging__ResponseTimeout</c>, <c>Orleans__Gateway__GatewayListRefreshPeriod</c>). The README's settings
/// table gives each value's cost.
/// </summary>
public static class OrleansTuning
{
    public const string SectionName = "Orleans";

    /// <summary>The subsection that binds Orleans' <c>ReminderOptions</c>.</summary>
    public const string ReminderSection = "ReminderOptions";

    /// <summary>
    /// Failure detection in about 2-3 s instead of Orleans' 10-15 s: a silo probes others every second
    /// (<see cref="ClusterMembershipOptions.ProbeTimeout"/>, default 5 s) and suspects one after two missed probes
    /// (<see cref="ClusterMembershipOptions.NumMissedProbesLimit"/>, default 3); two suspicions declare it dead, as by
    /// default. The cost: a silo that stalls for over 2 s (a long GC pause, a starved machine) can be declared dead
    /// and must restart. Silos also write their I-am-alive row every 5 s (default 30 s) and re-read the table every
    /// 5 s (default 60 s), so a view that missed the gossip catches up quickly; that costs a few Redis commands a
    /// second per silo.
    /// </summary>
    public static void ConfigureSilo(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            section.GetSection("Membership").Bind(o);
        });
        services.Configure<SiloMessagingOptions>(o => section.GetSection("Messaging").Bind(o));

        // Orleans' reminder options, Orleans' defaults unchanged: Orleans__ReminderOptions__MinimumReminderPeriod lets tests
        // and operators run the clock's reminder (Game:ClockReminderPeriod) faster than Orleans' 1 min floor. Not
        // "Orleans:Reminders", which Orleans reads itself as the reminder provider's configuration.
        services.Configure<Orleans.Hosting.ReminderOptions>(o => section.GetSection(ReminderSection).Bind(o));
    }

    /// <summary>
    /// A client (a gateway in client mode) re-reads the silos' list every 5 s (default 60 s), so a silo that
    /// (re)joined takes load soon; it gives up on a call after 10 s (default 30 s), since the gateway answers the
    /// player well before that (<c>Gateway:CallTimeout</c>) and a call stuck on a dead silo only holds memory.
    /// </summary>
    public static void ConfigureClient(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        services.Configure<Orleans.Configuration.GatewayOptions>(o =>
        {
            o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);
            section.GetSection("Gateway").Bind(o);
        });
        services.Configure<ClientMessagingOptions>(o =>
        {
            o.ResponseTimeout = TimeSpan.FromSeconds(10);
            section.GetSection("Messaging").Bind(o);
        });
    }
}
