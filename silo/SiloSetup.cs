using System.Net;
using Connect4.Grains;
using Connect4.Engine.Bots;
using Connect4.Grains.Games;
using Connect4.Grains.Telemetry;
using Connect4.SiloHost.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Connect4.SiloHost;

public static class SiloSetup
{
    /// <summary>
    /// Makes <paramref name="silo"/> a Connect 4 silo. With <c>Cluster:Redis</c> set it joins that cluster (Redis
    /// clustering) and keeps grain state and reminders in Redis; without it, it stands alone (localhost clustering,
    /// in-memory state and reminders: the embedded mode).
    /// </summary>
    public static ISiloBuilder UseConnect4(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        if (cluster.IsClustered)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
            silo.AddRedisGrainStorage(GameOptions.StorageName, o => o.ConfigurationOptions = cluster.RedisOptions());
            silo.UseRedisReminderService(o => o.ConfigurationOptions = cluster.RedisOptions());
            var advertised = cluster.AdvertisedAddress();
            var (siloPort, clientPort) = (cluster.SiloPort(), cluster.ClientPort());
            silo.ConfigureEndpoints(advertised, siloPort, clientPort, listenOnAnyHostAddress: cluster.ListenHost == "0.0.0.0");
            if (cluster.ListenHost != "0.0.0.0" && IPAddress.TryParse(cluster.ListenHost, out var listen) && !listen.Equals(advertised))
            {
                // Listening on one address and advertising another (behind a NAT or a proxy).
                silo.Configure<EndpointOptions>(o =>
                {
                    o.SiloListeningEndpoint = new IPEndPoint(listen, siloPort);
                    o.GatewayListeningEndpoint = clientPort > 0 ? new IPEndPoint(listen, clientPort) : null;
                });
            }
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort(), cluster.ClientPort(), serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.AddMemoryGrainStorage(GameOptions.StorageName);
            silo.UseInMemoryReminderService();
        }

        // System.Text.Json rather than Orleans' default Newtonsoft.Json for grain state: readable in Redis all the same,
        // several times cheaper per write (every move writes its game).
        silo.UseSystemTextJsonGrainStorageSerializer();
        OrleansTuning.ConfigureSilo(silo.Services, configuration);
        silo.AddConnect4Dashboard(configuration);
        silo.Services.AddConnect4Grains(configuration);
        return silo;
    }

    /// <summary>What the Connect 4 grains need besides Orleans: their settings (section <c>Game</c>) and the bot.</summary>
    public static IServiceCollection AddConnect4Grains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GameOptions>(configuration, GameOptions.SectionName, o => o.Validate());
        services.AddOptions<GameOptions>().Validate<IOptions<ReminderOptions>>(
            (game, reminders) => game.ClockReminderPeriod >= reminders.Value.MinimumReminderPeriod
                ? true
                : throw new InvalidOperationException(
                    $"{GameOptions.SectionName}:{nameof(GameOptions.ClockReminderPeriod)} is {game.ClockReminderPeriod}; it must not be less than "
                    + $"{OrleansTuning.SectionName}:{OrleansTuning.ReminderSection}:{nameof(ReminderOptions.MinimumReminderPeriod)}, {reminders.Value.MinimumReminderPeriod}."));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostedGames>();
        services.AddMetrics();
        services.AddSingleton<GameMetrics>();
        services.AddSingleton<BotPlayer>();
        services.AddSingleton<IBotPlayer>(sp => sp.GetRequiredService<BotPlayer>());
        services.AddHostedService<BotWarmUp>();
        return services;
    }

    /// <summary>
    /// Binds options of type <typeparamref name="T"/> to a configuration section and checks them when the host starts;
    /// <paramref name="validate"/> throws with a message naming the setting, its value and the rule.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Action<T> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section))
            .Validate(options =>
            {
                validate(options);
                return true;
            })
            .ValidateOnStart();
        return services;
    }
}
