using Connect4.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Connect4.Tests.Infrastructure;

/// <summary>Wraps the game's grain storage provider of a silo (Orleans registers it as a keyed <see cref="IGrainStorage"/>).</summary>
public static class StorageDecoration
{
    public static void Decorate(IServiceCollection services, Func<IServiceProvider, IGrainStorage, IGrainStorage> wrap)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GameOptions.StorageName));
        services.Remove(original);
        services.AddKeyedSingleton<IGrainStorage>(GameOptions.StorageName, (sp, key) =>
        {
            var inner = original.KeyedImplementationFactory is { } factory
                ? (IGrainStorage)factory(sp, key)
                : (IGrainStorage)original.KeyedImplementationInstance!;
            return wrap(sp, inner);
        });
    }
}

/// <summary>A storage that forwards to another, and takes part in the silo's lifecycle as the one it wraps does (to initialise).</summary>
public abstract class ForwardingStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    protected IGrainStorage Inner { get; } = inner;

    public virtual Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Inner.ReadStateAsync(stateName, grainId, grainState);

    public virtual Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Inner.WriteStateAsync(stateName, grainId, grainState);

    public virtual Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (Inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
