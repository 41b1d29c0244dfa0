using Connect4.Grains.Matchmaking;
using static Connect4.Tests.Matchmaking.SeekPoolTests;

namespace Connect4.Tests.Matchmaking;

/// <summary>
/// Which seeks <see cref="SeekPool.Pair"/> pairs, at explicit times (PROTOCOL.md section 12): the window's boundaries
/// through the pool, the longest-waiting first with the closest rating, and the colours.
/// </summary>
public sealed class SeekPoolPairingTests
{
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
}
