namespace Connect4.Grains.Matchmaking;

/// <summary>Which seeks pair now, and when the next pair becomes possible.</summary>
/// <remarks>
/// Who pairs first: the longest-waiting seek, with the compatible seek closest to it in rating (ties: the longer
/// waiting, then the smaller seek id). Longest first means nobody waits for ever behind better-fitting newcomers; closest
/// next means that, among the partners its window allows, it gets the fairest game.
/// </remarks>
public sealed partial class SeekPool
{
    /// <summary>
    /// The pairs to make at <paramref name="now"/>, taken out of the pool with the paired players' other seeks (see
    /// <see cref="PairingRound"/>). No player is in two pairs, nor paired with itself. Afterwards no two seeks left are
    /// compatible at <paramref name="now"/>. <paramref name="coin"/> draws the colours: true makes the longer-waiting
    /// seek's player red (tests pass a fixed or seeded coin; the grain a random one).
    /// </summary>
    public PairingRound Pair(DateTimeOffset now, Func<bool> coin)
    {
        ArgumentNullException.ThrowIfNull(coin);
        var byWait = _seeks.Values.OrderBy(s => s.Since).ThenBy(s => s.SeekId, StringComparer.Ordinal).ToList();
        var poolsByWait = byWait.GroupBy(s => s.Pool).ToDictionary(g => g.Key, g => g.ToList());
        var pairedPlayers = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<Pairing>();
        foreach (var seek in byWait)
        {
            if (pairedPlayers.Contains(seek.PlayerId) || ClosestCompatible(seek, poolsByWait[seek.Pool], pairedPlayers, now) is not { } partner)
            {
                continue;
            }

            pairedPlayers.Add(seek.PlayerId);
            pairedPlayers.Add(partner.PlayerId);
            pairs.Add(coin() ? new Pairing(seek, partner) : new Pairing(partner, seek));
        }

        if (pairs.Count == 0)
        {
            return PairingRound.None;
        }

        var withdrawn = new List<Seek>();
        foreach (var seek in byWait.Where(s => pairedPlayers.Contains(s.PlayerId)))
        {
            _seeks.Remove(seek.SeekId);
            if (!pairs.Any(p => p.Red == seek || p.Yellow == seek))
            {
                withdrawn.Add(seek);
            }
        }

        return new PairingRound(pairs, withdrawn);
    }

    /// <summary>
    /// When <see cref="Pair"/> will next have a pair to make if no seek comes or goes meanwhile: <paramref name="now"/>
    /// when it has one already, the moment the first window opens wide enough otherwise, null when no two seeks ever
    /// may pair. The grain sets its timer to it rather than polling.
    /// </summary>
    public DateTimeOffset? NextPairingAt(DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var pool in _seeks.Values.GroupBy(s => s.Pool))
        {
            var seeks = pool.ToList();
            for (var i = 0; i < seeks.Count; i++)
            {
                for (var j = i + 1; j < seeks.Count; j++)
                {
                    if (SeekWindow.CompatibleFrom(seeks[i], seeks[j]) is { } from && (next is null || from < next))
                    {
                        next = from;
                    }
                }
            }
        }

        return next is { } at && at < now ? now : next;
    }

    /// <summary>
    /// The compatible seek closest in rating to <paramref name="seek"/> whose player is not paired yet; ties go to the
    /// earlier in <paramref name="poolByWait"/>, <paramref name="seek"/>'s pool from the longest waiting.
    /// </summary>
    private static Seek? ClosestCompatible(Seek seek, List<Seek> poolByWait, HashSet<string> pairedPlayers, DateTimeOffset now)
    {
        Seek? closest = null;
        foreach (var candidate in poolByWait)
        {
            if (!pairedPlayers.Contains(candidate.PlayerId) && SeekWindow.Compatible(seek, candidate, now)
                && (closest is null || Math.Abs(candidate.Rating - seek.Rating) < Math.Abs(closest.Rating - seek.Rating)))
            {
                closest = candidate;
            }
        }

        return closest;
    }
}
