using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Connect4.SiloHost;

public static class ClientSetup
{
    /// <summary>
    /// Makes <paramref name="client"/> an Orleans client of the Connect 4 cluster named by the <c>Cluster</c> settings
    /// (<c>Cluster:Redis</c> is required). Until a silo answers, start-up waits and retries every second.
    /// </summary>
    public static IClientBuilder UseConnect4Client(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        if (!cluster.IsClustered)
        {
            throw new InvalidOperationException($"{ClusterSettings.SectionName}:Redis is empty; an Orleans client needs the cluster's Redis server.");
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions());
        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        });
        OrleansTuning.ConfigureClient(client.Services, configuration);
        return client;
    }
}
