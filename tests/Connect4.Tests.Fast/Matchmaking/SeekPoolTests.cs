using Connect4.Grains.Matchmaking;
using static Connect4.Tests.Matchmaking.SeekWindowTests;

namespace Connect4.Tests.Matchmaking;

/// <summary>
/// The quick-play pool with no host (PROTOCOL.md section 12): seeking, unseeking and lapsing, never pairing a player with
/// itself or twice, and when the next pairing is; each at an explicit time (the pairing rule is <see cref="SeekPoolPairingTests"/>).
/// </summary>
public sealed class SeekPoolTests
{
    internal static readonly PoolKey Casual = new(null, Rated: false);
    internal static readonly Func<bool> Heads = () => true;

    internal static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    internal static Seek Add(SeekPool pool, string playerId, int rating, double atSeconds = 0, PoolKey? key = null) =>
        pool.Add($"s-{playerId}-{(key ?? Blitz).Rated}-{atSeconds}", playerId, rating, key ?? Blitz, At(atSeconds));

    internal static string[] Players(PairingRound round) =>
        round.Pairs.Select(p => $"{p.Red.PlayerId}+{p.Yellow.PlayerId}").ToArray();

    [Fact]
    public void Seeks_of_different_pools_never_pair()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500, key: Blitz);
        Add(pool, "p-b", 1500, key: Casual);
        Add(pool, "p-c", 1500, key: Blitz with { Rated = false });

        Assert.Empty(pool.Pair(At(3600), Heads).Pairs);
        Assert.Equal(3, pool.Seeks.Count);
        Assert.Null(pool.NextPairingAt(At(3600)));
    }

    [Fact]
    public void A_players_second_seek_in_a_pool_is_its_first_and_it_never_pairs_with_itself()
    {
        var pool = new SeekPool();
        var first = pool.Add("s-1", "p-a", 1500, Blitz, At(0));
        var second = pool.Add("s-2", "p-a", 1500, Blitz, At(3));

        Assert.Same(first, second);
        Assert.Single(pool.Seeks);
        Assert.Empty(pool.Pair(At(60), Heads).Pairs);
    }

    [Fact]
    public void A_player_seeking_in_two_pools_is_paired_once_and_its_other_seek_withdrawn()
    {
        var pool = new SeekPool();
        var aBlitz = Add(pool, "p-a", 1500, key: Blitz);
        var aCasual = Add(pool, "p-a", 1500, atSeconds: 0.5, key: Casual);
        Add(pool, "p-b", 1500, atSeconds: 1, key: Blitz);
        var c = Add(pool, "p-c", 1500, atSeconds: 2, key: Casual);

        var round = pool.Pair(At(3), Heads);

        Assert.Equal(["p-a+p-b"], Players(round));
        Assert.Equal(aBlitz, round.Pairs[0].Red);
        Assert.Equal([aCasual], round.Withdrawn);
        Assert.Equal([c], pool.Seeks);
    }

    [Fact]
    public void Unseek_takes_only_the_players_own_seek_and_a_gone_seek_reads_as_not_found()
    {
        var pool = new SeekPool();
        var a = Add(pool, "p-a", 1500);
        Add(pool, "p-b", 1500);

        Assert.Null(pool.Remove(a.SeekId, "p-b"));
        Assert.Equal(a, pool.Remove(a.SeekId, "p-a"));
        Assert.Null(pool.Remove(a.SeekId, "p-a"));
        Assert.Empty(pool.Pair(At(60), Heads).Pairs);
    }

    [Fact]
    public void A_players_seeks_lapse_together_and_never_pair_after()
    {
        var pool = new SeekPool();
        var blitz = Add(pool, "p-a", 1500, key: Blitz);
        var casual = Add(pool, "p-a", 1500, key: Casual);
        var b = Add(pool, "p-b", 1500, key: Blitz);

        Assert.Equal(new[] { blitz, casual }.OrderBy(s => s.SeekId, StringComparer.Ordinal), pool.Lapse("p-a"));
        Assert.Empty(pool.Lapse("p-a"));
        Assert.Equal([b], pool.Seeks);
        Assert.Empty(pool.Pair(At(60), Heads).Pairs);
    }

    [Fact]
    public void A_seek_id_already_waiting_is_refused()
    {
        var pool = new SeekPool();
        pool.Add("s-1", "p-a", 1500, Blitz, At(0));

        Assert.Throws<ArgumentException>(() => pool.Add("s-1", "p-b", 1500, Blitz, At(1)));
    }

    [Fact]
    public void The_next_pairing_is_when_the_first_window_opens_wide_enough()
    {
        var pool = new SeekPool();
        Assert.Null(pool.NextPairingAt(At(0)));

        Add(pool, "p-a", 1500, atSeconds: 0);
        Add(pool, "p-b", 1740, atSeconds: 2); // 240 apart: the window reaches 250 at 15 s
        Add(pool, "p-c", 3000, atSeconds: 3); // beyond any window: 30 s after p-a's seek
        Assert.Equal(At(15), pool.NextPairingAt(At(3)));

        Assert.Equal(["p-a+p-b"], Players(pool.Pair(At(15), Heads)));
        Assert.Null(pool.NextPairingAt(At(15)));

        Add(pool, "p-d", 1000, atSeconds: 16);
        Assert.Equal(At(33), pool.NextPairingAt(At(16))); // 2000 apart: 30 s after p-c's seek, the longer waiting
        Assert.Equal(At(50), pool.NextPairingAt(At(50)));
    }
}
