using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// Records every successful state write of every silo it decorates: which etag each write replaced. Two
/// successful writes that replaced the same etag would mean two activations both wrote: a broken guarantee.
/// </summary>
public sealed class WriteLog
{
    private readonly ConcurrentQueue<(GrainId Grain, string State, string? Replaced, string? Etag, string Silo)> _writes = new();

    public IReadOnlyCollection<(GrainId Grain, string State, string? Replaced, string? Etag, string Silo)> Writes => _writes;

    /// <summary>Wraps the game storage of a silo's services.</summary>
    public void Decorate(IServiceCollection services)
    {
        var silo = Guid.NewGuid().ToString("N")[..8];
        StorageDecoration.Decorate(services, (_, inner) => new Recording(inner, this, silo));
    }

    /// <summary>Grains with two successful writes that replaced the same etag.</summary>
    public IReadOnlyList<string> Forks() =>
        _writes.GroupBy(w => (w.Grain, w.State, w.Replaced))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Grain}/{g.Key.State}: {g.Count()} writes replaced etag {g.Key.Replaced ?? "(none)"} on silos {string.Join(",", g.Select(w => w.Silo))}")
            .ToList();

    private sealed class Recording(IGrainStorage inner, WriteLog log, string silo) : ForwardingStorage(inner)
    {
        public override async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var replaced = grainState.ETag;
            await Inner.WriteStateAsync(stateName, grainId, grainState);
            log._writes.Enqueue((grainId, stateName, replaced, grainState.ETag, silo));
        }
    }
}
