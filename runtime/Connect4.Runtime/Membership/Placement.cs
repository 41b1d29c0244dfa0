using System.Text;

namespace Connect4.Runtime.Membership;

/// <summary>
/// Where a grain lives: rendezvous (highest random weight) hashing of the grain id over the active silos.
/// Every node computes it from its own view, with no directory and no round trip; when a silo joins or
/// leaves, only the grains that hash highest to it move.
/// </summary>
public static class Placement
{
    /// <summary>The silo that hosts <paramref name="grain"/>, or null when there is none.</summary>
    public static NodeInfo? Pick(GrainId grain, IReadOnlyList<NodeInfo> activeSilos)
    {
        if (activeSilos.Count == 0)
        {
            return null;
        }

        var grainHash = Fnv1a(grain.ToString());
        NodeInfo? best = null;
        ulong bestScore = 0;
        foreach (var silo in activeSilos)
        {
            var score = Mix(grainHash ^ Fnv1a(silo.NodeId));
            if (best is null || score > bestScore)
            {
                best = silo;
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finalizer: spreads the combined hash so that every bit of both inputs counts.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
