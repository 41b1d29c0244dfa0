using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.SiloHost;

public static class SiloSetup
{
    /// <summary>
    /// Adds a silo hosting the Connect 4 grains, with in-memory storage unless another provider is registered.
    /// </summary>
    public static IServiceCollection AddConnect4Silo(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSilo(configuration, silo => silo.AddConnect4Grains(configuration));

    /// <summary>Hosts the Connect 4 grains on this silo, with their settings from the <c>Game</c> section.</summary>
    public static SiloBuilder AddConnect4Grains(this SiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<GameOptions>()
            .Bind(configuration.GetSection(GameOptions.SectionName))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        silo.AddGrains(typeof(GameOptions).Assembly);
        silo.AddInterface<IGameObserver>();
        return silo;
    }
}
