using Connect4.Grains;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// Grain tests' host: Orleans' <see cref="InProcessTestCluster"/> with the Connect 4 grains, their settings, and grain
/// state and reminders in memory or, with <c>redis</c>, in a real Redis server through Orleans' Redis providers.
/// </summary>
public static class GrainCluster
{
    /// <param name="services">Runs on each silo's services after the silo's own registrations (to decorate them).</param>
    public static async Task<InProcessTestCluster> StartAsync(
        int silos = 1, string? redis = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddConnect4Grains(configuration);
            silo.UseSystemTextJsonGrainStorageSerializer();
            OrleansTuning.ConfigureSilo(silo.Services, configuration);
            if (redis is null)
            {
                silo.AddMemoryGrainStorage(GameOptions.StorageName);
                silo.UseInMemoryReminderService();
            }
            else
            {
                silo.AddRedisGrainStorage(GameOptions.StorageName, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            }

            services?.Invoke(silo.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
