using System.Collections.Immutable;
using Connect4.Engine.Rules;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>The engine's types as the grain interfaces carry them: the engine knows nothing of Orleans' serialization.</summary>
internal static class EngineTypes
{
    public static Color ToColor(this Disc disc) => disc == Disc.Red ? Color.Red : Color.Yellow;

    public static ImmutableList<GrainInterfaces.Cell> ToCells(this IEnumerable<Engine.Rules.Cell> cells) =>
        [.. cells.Select(c => new GrainInterfaces.Cell(c.Column, c.Row))];
}
