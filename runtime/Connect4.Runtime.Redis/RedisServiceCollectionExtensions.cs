using Connect4.Runtime.Hosting;
using Connect4.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Connect4.Runtime.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>Keeps grain state in Redis (<see cref="ClusterOptions.Redis"/>, keys of <see cref="ClusterOptions.ClusterId"/>).</summary>
    public static SiloBuilder UseRedisStorage(this SiloBuilder silo, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        AddRedisConnection(silo.Services, options);
        silo.Services.Replace(ServiceDescriptor.Singleton<IGrainStorage>(sp => new RedisGrainStorage(
            sp.GetRequiredService<RedisConnection>(),
            options.ClusterId,
            LoggerOf<RedisGrainStorage>(sp))));
        return silo;
    }

    /// <summary>Registers <see cref="IMembershipTable"/> as a <see cref="RedisMembershipTable"/> of <see cref="ClusterOptions.ClusterId"/>.</summary>
    public static IServiceCollection AddRedisMembershipTable(this IServiceCollection services, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddRedisConnection(services, options);
        services.Replace(ServiceDescriptor.Singleton<IMembershipTable>(sp => new RedisMembershipTable(
            sp.GetRequiredService<RedisConnection>(),
            options.ClusterId,
            LoggerOf<RedisMembershipTable>(sp))));
        return services;
    }

    /// <summary>Registers the process's one <see cref="RedisConnection"/> (the first registration wins).</summary>
    private static void AddRedisConnection(IServiceCollection services, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsClustered)
        {
            throw new InvalidOperationException(
                $"{ClusterOptions.SectionName}:{nameof(ClusterOptions.Redis)} is empty; it must be a StackExchange.Redis configuration string, e.g. '127.0.0.1:6379'.");
        }

        services.TryAddSingleton(sp => new RedisConnection(options.Redis, LoggerOf<RedisConnection>(sp)));
    }

    private static ILogger<T>? LoggerOf<T>(IServiceProvider services) => services.GetService<ILogger<T>>();
}
