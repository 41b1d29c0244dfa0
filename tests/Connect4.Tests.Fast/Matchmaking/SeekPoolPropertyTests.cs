using Connect4.GrainInterfaces;
using Connect4.Grains.Matchmaking;
using static Connect4.Tests.Matchmaking.SeekWindowTests;

namespace Connect4.Tests.Matchmaking;

/// <summary>
/// Many random seeks, unseeks, lapses and pairings on a clock that only moves forward, checked against the rules after
/// every change: a model of what should be waiting is kept beside the pool. Seeded, so a failure repeats.
/// </summary>
public sealed class SeekPoolPropertyTests
{
    private static readonly PoolKey[] Pools = [Blitz, new(null, Rated: false), new(new ClockSettings(60, 0), Rated: true)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_seeks_pair_only_as_the_rules_allow_and_whenever_they_allow(int seed)
    {
        var random = new Random(seed);
        var ratings = Enumerable.Range(0, 30).ToDictionary(i => $"p-{i}", _ => random.Next(900, 2300));
        var players = ratings.Keys.ToArray();
        var pool = new SeekPool();
        var waiting = new Dictionary<string, Seek>();
        var gone = new HashSet<string>();
        var now = T0;
        var pairsMade = 0;

        for (var step = 0; step < 3_000; step++)
        {
            now = now.AddMilliseconds(random.Next(0, 1_500));
            var player = players[random.Next(players.Length)];
            switch (random.Next(10))
            {
                case < 5:
                    var key = Pools[random.Next(Pools.Length)];
                    var seek = pool.Add($"s-{step}", player, ratings[player], key, now);
                    var had = waiting.Values.SingleOrDefault(s => s.PlayerId == player && s.Pool == key);
                    Assert.Equal(had ?? new Seek($"s-{step}", player, ratings[player], key, now), seek);
                    waiting[seek.SeekId] = seek;
                    break;
                case 5 when waiting.Count > 0:
                    var target = waiting.Values.ElementAt(random.Next(waiting.Count));
                    var byOther = players.First(p => p != target.PlayerId);
                    Assert.Null(pool.Remove(target.SeekId, byOther));
                    Assert.Equal(target, pool.Remove(target.SeekId, target.PlayerId));
                    Assert.True(waiting.Remove(target.SeekId) && gone.Add(target.SeekId));
                    break;
                case 6:
                    var lapsed = pool.Lapse(player);
                    Assert.Equal(waiting.Values.Where(s => s.PlayerId == player).OrderBy(s => s.SeekId, StringComparer.Ordinal), lapsed);
                    foreach (var s in lapsed)
                    {
                        Assert.True(waiting.Remove(s.SeekId) && gone.Add(s.SeekId));
                    }

                    break;
                case 7 when pool.NextPairingAt(now) is { } next:
                    // Nothing pairs until the time NextPairingAt names, and something does at it.
                    Assert.True(next >= now);
                    pairsMade += Pair(pool, waiting, gone, now, random);
                    if (next > now)
                    {
                        now = next;
                        Assert.Empty(pool.Pair(now.AddTicks(-1), () => true).Pairs);
                        var made = Pair(pool, waiting, gone, now, random);
                        Assert.True(made > 0, $"nothing paired at {next:O}, the next pairing named");
                        pairsMade += made;
                    }

                    break;
                default:
                    pairsMade += Pair(pool, waiting, gone, now, random);
                    break;
            }

            Assert.Equal(waiting.Values.OrderBy(s => s.SeekId), pool.Seeks.OrderBy(s => s.SeekId));
        }

        Assert.True(pairsMade > 200, $"only {pairsMade} pairs: the test exercised too little");
    }

    /// <summary>One <see cref="SeekPool.Pair"/> at <paramref name="now"/>, checked against every rule; returns the pairs made.</summary>
    private static int Pair(SeekPool pool, Dictionary<string, Seek> waiting, HashSet<string> gone, DateTimeOffset now, Random random)
    {
        var round = pool.Pair(now, () => random.Next(2) == 0);

        var pairedPlayers = new HashSet<string>();
        foreach (var pair in round.Pairs)
        {
            Assert.Equal(pair.Red.Pool, pair.Yellow.Pool);
            Assert.NotEqual(pair.Red.PlayerId, pair.Yellow.PlayerId);
            Assert.True(SeekWindow.Compatible(pair.Red, pair.Yellow, now), $"{pair} paired at {now:O}");
            Assert.True(pairedPlayers.Add(pair.Red.PlayerId) && pairedPlayers.Add(pair.Yellow.PlayerId), $"a player paired twice in {round}");
            Assert.True(waiting.Remove(pair.Red.SeekId) && waiting.Remove(pair.Yellow.SeekId), $"{pair} was not waiting");
            Assert.True(gone.Add(pair.Red.SeekId) && gone.Add(pair.Yellow.SeekId));
        }

        foreach (var seek in round.Withdrawn)
        {
            Assert.Contains(seek.PlayerId, pairedPlayers);
            Assert.True(waiting.Remove(seek.SeekId) && gone.Add(seek.SeekId), $"{seek} withdrawn but not waiting");
        }

        var left = waiting.Values.ToList();
        Assert.DoesNotContain(left, s => pairedPlayers.Contains(s.PlayerId));
        foreach (var a in left)
        {
            Assert.DoesNotContain(left, b => SeekWindow.Compatible(a, b, now));
        }

        Assert.True(pool.NextPairingAt(now) is not { } next || next > now);
        return round.Pairs.Count;
    }
}
