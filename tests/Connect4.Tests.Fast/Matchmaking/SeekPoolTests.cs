using Connect4.GrainInterfaces;
using Connect4.Grains.Matchmaking;
using static Connect4.Tests.Matchmaking.SeekWindowTests;

namespace Connect4.Tests.Matchmaking;

/// <summary>The quick-play pool with no host (PROTOCOL.md section 12): seeking, unseeking, lapsing and pairing, each at an explicit time.</summary>
public sealed class SeekPoolTests
{
    private static readonly PoolKey Casual = new(null, Rated: false);
    private static readonly Func<bool> Heads = () => true;

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static Seek Add(SeekPool pool, string playerId, int rating, double atSeconds = 0, PoolKey? key = null) =>
        pool.Add($"s-{playerId}-{(key ?? Blitz).Rated}-{atSeconds}", playerId, rating, key ?? Blitz, At(atSeconds));

    private static string[] Players(PairingRound round) =>
        round.Pairs.Select(p => $"{p.Red.PlayerId}+{p.Yellow.PlayerId}").ToArray();

    [Fact]
    public void Two_seeks_exactly_100_apart_pair_at_once_and_leave_the_pool()
    {
        var pool = new SeekPool();
        var a = Add(pool, "p-a", 1500);
        var b = Add(pool, "p-b", 1600);

        var round = pool.Pair(At(0), Heads);

        Assert.Equal([new Pairing(a, b)], round.Pairs);
        Assert.Empty(round.Withdrawn);
        Assert.Empty(pool.Seeks);
        Assert.Null(pool.Find(a.SeekId));
    }

    [Fact]
    public void Seeks_101_apart_wait_for_the_window_to_reach_150_at_5_seconds()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500);
        Add(pool, "p-b", 1601);

        Assert.Empty(pool.Pair(At(0), Heads).Pairs);
        Assert.Empty(pool.Pair(At(4.999), Heads).Pairs);
        Assert.Equal(["p-a+p-b"], Players(pool.Pair(At(5), Heads)));
    }

    [Fact]
    public void Seeks_150_apart_pair_at_5_seconds_and_151_apart_only_at_10()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500);
        Add(pool, "p-b", 1650);
        Add(pool, "p-c", 1000);
        Add(pool, "p-d", 1151);

        Assert.Equal(["p-a+p-b"], Players(pool.Pair(At(5), Heads)));
        Assert.Empty(pool.Pair(At(9.999), Heads).Pairs);
        Assert.Equal(["p-c+p-d"], Players(pool.Pair(At(10), Heads)));
    }

    [Fact]
    public void Any_two_seeks_of_a_pool_pair_at_30_seconds_not_before()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 800);
        Add(pool, "p-b", 2400);

        Assert.Empty(pool.Pair(At(29.999), Heads).Pairs);
        Assert.Equal(["p-a+p-b"], Players(pool.Pair(At(30), Heads)));
    }

    [Fact]
    public void The_longer_waiting_seeks_window_pairs_it_with_a_newcomer()
    {
        var pool = new SeekPool();
        Add(pool, "p-old", 1500, atSeconds: 0);
        Add(pool, "p-new", 1700, atSeconds: 9.5);

        Assert.Empty(pool.Pair(At(9.999), Heads).Pairs);
        Assert.Equal(["p-old+p-new"], Players(pool.Pair(At(10), Heads)));
    }

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
    public void The_longest_waiting_pairs_first_with_the_closest_rating_its_window_allows()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500, atSeconds: 0);
        Add(pool, "p-b", 1580, atSeconds: 1);
        Add(pool, "p-c", 1590, atSeconds: 2);
        Add(pool, "p-d", 1505, atSeconds: 3);

        // A (longest waiting) takes D (5 apart) over B (80); then B takes C. B and C's 10 apart does not come first.
        Assert.Equal(["p-a+p-d", "p-b+p-c"], Players(pool.Pair(At(4), Heads)));
    }

    [Fact]
    public void The_longest_waiting_comes_before_a_closer_pair_of_newcomers()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500, atSeconds: 0);
        Add(pool, "p-b", 1580, atSeconds: 1);
        Add(pool, "p-c", 1590, atSeconds: 2);

        var round = pool.Pair(At(3), Heads);

        Assert.Equal(["p-a+p-b"], Players(round));
        Assert.Equal("p-c", Assert.Single(pool.Seeks).PlayerId);
    }

    [Fact]
    public void Equally_close_partners_go_to_the_longer_waiting()
    {
        var pool = new SeekPool();
        Add(pool, "p-a", 1500, atSeconds: 0);
        Add(pool, "p-b", 1540, atSeconds: 1);
        Add(pool, "p-c", 1460, atSeconds: 2);

        Assert.Equal(["p-a+p-b"], Players(pool.Pair(At(3), Heads)));
    }

    [Fact]
    public void The_coin_gives_red_to_the_longer_waiting_on_true_and_to_the_other_on_false()
    {
        var pool = new SeekPool();
        var first = Add(pool, "p-a", 1500, atSeconds: 0);
        var second = Add(pool, "p-b", 1500, atSeconds: 1);
        Assert.Equal(new Pairing(first, second), Assert.Single(pool.Pair(At(1), () => true).Pairs));

        pool = new SeekPool();
        first = Add(pool, "p-a", 1500, atSeconds: 0);
        second = Add(pool, "p-b", 1500, atSeconds: 1);
        Assert.Equal(new Pairing(second, first), Assert.Single(pool.Pair(At(1), () => false).Pairs));
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
