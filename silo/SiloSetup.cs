using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Bots;
using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Connect4.Runtime.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.SiloHost;

public static class SiloSetup
{
    /// <summary>
    /// Adds a silo hosting the Connect 4 grains. With <c>Cluster:Redis</c> set it joins that cluster and keeps
    /// grain state in Redis; without it, it stands alone with in-memory storage (the embedded mode).
    /// </summary>
    public static IServiceCollection AddConnect4Silo(this IServiceCollection services, IConfiguration configuration, Action<SiloBuilder>? configure = null)
    {
        var cluster = ClusterSettings(configuration);
        if (cluster.IsClustered)
        {
            services.AddRedisMembershipTable(cluster);
        }

        return services.AddSilo(configuration, silo =>
        {
            silo.AddConnect4Grains(configuration);
            configure?.Invoke(silo);
            if (cluster.IsClustered)
            {
                silo.UseClustering().UseRedisStorage(cluster);
            }
        });
    }

    /// <summary>Adds a client of a Connect 4 cluster (a gateway with no silo inside); <c>Cluster:Redis</c> is required.</summary>
    public static IServiceCollection AddConnect4ClusterClient(this IServiceCollection services, IConfiguration configuration)
    {
        var cluster = ClusterSettings(configuration);
        if (!cluster.IsClustered)
        {
            throw new InvalidOperationException($"{ClusterOptions.SectionName}:Redis is empty; a cluster client needs the cluster's Redis server.");
        }

        services.AddRedisMembershipTable(cluster);
        return services.AddClusterClient(configuration, typeof(IGameObserver));
    }

    /// <summary>Hosts the Connect 4 grains on this silo, with their settings from the <c>Game</c> section.</summary>
    public static SiloBuilder AddConnect4Grains(this SiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddValidatedOptions<GameOptions>(configuration, GameOptions.SectionName, o => o.Validate());
        silo.Services.AddSingleton<BotPlayer>();
        silo.Services.AddSingleton<IBotPlayer>(sp => sp.GetRequiredService<BotPlayer>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<BotPlayer>());
        silo.AddGrains(typeof(GameOptions).Assembly);
        silo.AddInterface<IGameObserver>();
        return silo;
    }

    private static ClusterOptions ClusterSettings(IConfiguration configuration)
    {
        var options = new ClusterOptions();
        configuration.GetSection(ClusterOptions.SectionName).Bind(options);
        return options;
    }
}
