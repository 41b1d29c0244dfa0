using Connect4.Tests.Infrastructure;
using Orleans.Storage;

namespace Connect4.Tests.Grains;

/// <summary>The silo's store with a switch that makes writes fail, as an unreachable store would.</summary>
public sealed class FaultyStorage(IGrainStorage inner, FaultSwitch faults) : ForwardingStorage(inner)
{
    public override Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.FailWrites || faults.FailWritesOf == stateName ? throw new IOException("store unreachable") : base.WriteStateAsync(stateName, grainId, grainState);
}

/// <summary>Turns a <see cref="FaultyStorage"/>'s failures on and off.</summary>
public sealed class FaultSwitch
{
    public volatile bool FailWrites;

    /// <summary>The one kind of state (<c>"game"</c>, <c>"player"</c>) whose writes fail, when set.</summary>
    public volatile string? FailWritesOf;
}
