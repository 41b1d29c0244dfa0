using Connect4.Runtime;
using Connect4.Runtime.Hosting;
using Connect4.SiloHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Infrastructure;

/// <summary>A silo in the test process, with the Connect 4 grains, the test grains of this assembly, and in-memory storage.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestSilo(ServiceProvider services)
    {
        _services = services;
        Silo = services.GetRequiredService<Silo>();
    }

    public Silo Silo { get; }

    public IClusterClient Client => Silo.Factory;

    public IGrainStorage Storage => _services.GetRequiredService<IGrainStorage>();

    public static async Task<TestSilo> StartAsync(TimeProvider? time = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            collection.AddSingleton(time);
        }

        services?.Invoke(collection);
        collection.AddSilo(configuration, silo => silo.AddGrains(typeof(TestSilo).Assembly).AddConnect4Grains(configuration));
        var provider = collection.BuildServiceProvider();
        var silo = new TestSilo(provider);
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
