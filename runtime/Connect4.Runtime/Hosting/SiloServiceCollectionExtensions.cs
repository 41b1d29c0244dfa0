using System.Reflection;
using Connect4.Runtime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Connect4.Runtime.Hosting;

/// <summary>Configures a silo: which grains it hosts and where their state lives.</summary>
public sealed class SiloBuilder(IServiceCollection services, GrainTypeRegistry types)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Hosts every grain class of <paramref name="assembly"/>.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        types.AddAssembly(assembly);
        return this;
    }

    /// <summary>Makes an interface callable on this node (observer interfaces; grain interfaces come with their grains).</summary>
    public SiloBuilder AddInterface<TInterface>() where TInterface : IAddressable
    {
        types.AddInterface(typeof(TInterface));
        return this;
    }

    /// <summary>Keeps grain state in this process's memory (the default).</summary>
    public SiloBuilder UseInMemoryStorage()
    {
        Services.Replace(ServiceDescriptor.Singleton<IGrainStorage, InMemoryGrainStorage>());
        return this;
    }
}

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Adds a silo to the host: its grains, the <see cref="IGrainFactory"/> and <see cref="IClusterClient"/>
    /// to call them, and a hosted service that runs idle collection and deactivates everything on stop.
    /// Runtime settings bind from the <c>Runtime</c> configuration section.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, IConfiguration configuration, Action<SiloBuilder> configure)
    {
        var types = new GrainTypeRegistry();
        services.AddSingleton(types);
        services.AddOptions<RuntimeOptions>().Bind(configuration.GetSection(RuntimeOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStorage, InMemoryGrainStorage>();
        services.AddSingleton<RuntimeLog>();
        services.AddSingleton(sp => new Silo(
            sp,
            types,
            sp.GetRequiredService<IGrainStorage>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<RuntimeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RuntimeLog>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<Silo>());
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<Silo>().Factory);
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<Silo>().Factory);
        configure(new SiloBuilder(services, types));
        return services;
    }
}
