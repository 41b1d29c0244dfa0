using System.Collections.Concurrent;
using Connect4.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// Records every successful state write of every silo it decorates: which etag each write replaced. Two
/// successful writes that replaced the same etag would mean two activations both wrote: a broken guarantee.
/// </summary>
public sealed class WriteLog
{
    private readonly ConcurrentQueue<(GrainId Grain, string State, string? Replaced, string Etag, string Silo)> _writes = new();

    public IReadOnlyCollection<(GrainId Grain, string State, string? Replaced, string Etag, string Silo)> Writes => _writes;

    /// <summary>Wraps the registered grain storage of a silo's services.</summary>
    public void Decorate(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainStorage));
        services.Remove(original);
        var silo = Guid.NewGuid().ToString("N")[..8];
        services.AddSingleton<IGrainStorage>(sp => new Recording(
            (IGrainStorage)(original.ImplementationFactory?.Invoke(sp)
                ?? original.ImplementationInstance
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)),
            this,
            silo));
    }

    /// <summary>Grains with two successful writes that replaced the same etag.</summary>
    public IReadOnlyList<string> Forks() =>
        _writes.GroupBy(w => (w.Grain, w.State, w.Replaced))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Grain}/{g.Key.State}: {g.Count()} writes replaced etag {g.Key.Replaced ?? "(none)"} on silos {string.Join(",", g.Select(w => w.Silo))}")
            .ToList();

    private sealed class Recording(IGrainStorage inner, WriteLog log, string silo) : IGrainStorage
    {
        public Task<StoredState?> ReadAsync(GrainId grainId, string stateName) => inner.ReadAsync(grainId, stateName);

        public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> data, string? expectedEtag)
        {
            var etag = await inner.WriteAsync(grainId, stateName, data, expectedEtag);
            log._writes.Enqueue((grainId, stateName, expectedEtag, etag, silo));
            return etag;
        }

        public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag) => inner.ClearAsync(grainId, stateName, expectedEtag);
    }
}
