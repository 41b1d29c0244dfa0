using Connect4.Gateway;
using Connect4.Gateway.Transport;
using Connect4.Tests.Infrastructure;
using static Connect4.Gateway.Transport.RateLimiter;

namespace Connect4.Tests.Sessions;

/// <summary>A connection's command budget on a clock that moves only when the test says so.</summary>
public sealed class RateLimiterTests
{
    private static (RateLimiter Limiter, ManualTimeProvider Clock) Limiter(double perSecond, int burst, int floodLimit = 100, int floodWindowSeconds = 10)
    {
        var clock = new ManualTimeProvider();
        var options = new GatewayOptions
        {
            CommandsPerSecond = perSecond,
            CommandBurst = burst,
            FloodLimit = floodLimit,
            FloodWindow = TimeSpan.FromSeconds(floodWindowSeconds),
        };
        return (new RateLimiter(options, clock), clock);
    }

    private static List<Verdict> Take(RateLimiter limiter, int count) => [.. Enumerable.Range(0, count).Select(_ => limiter.Take())];

    [Fact]
    public void A_burst_is_allowed_at_once_and_the_excess_refused()
    {
        var (limiter, _) = Limiter(perSecond: 2, burst: 3);

        Assert.Equal([Verdict.Allowed, Verdict.Allowed, Verdict.Allowed, Verdict.Refused, Verdict.Refused], Take(limiter, 5));
    }

    [Fact]
    public void The_budget_refills_at_the_sustained_rate_up_to_the_burst()
    {
        var (limiter, clock) = Limiter(perSecond: 2, burst: 3);
        Take(limiter, 3);

        clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(Verdict.Refused, limiter.Take());
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal([Verdict.Allowed, Verdict.Refused], Take(limiter, 2));

        // A long pause fills the bucket to its burst, no more.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([Verdict.Allowed, Verdict.Allowed, Verdict.Allowed, Verdict.Refused], Take(limiter, 4));
    }

    [Fact]
    public void More_refusals_than_the_flood_limit_within_the_window_are_flooding()
    {
        var (limiter, _) = Limiter(perSecond: 1, burst: 1, floodLimit: 3);

        Assert.Equal([Verdict.Allowed, Verdict.Refused, Verdict.Refused, Verdict.Refused, Verdict.Flooding], Take(limiter, 5));
    }

    [Fact]
    public void Refusals_counted_in_an_earlier_window_do_not_add_up_to_a_flood()
    {
        // So slow a rate that the pause below refills less than one command.
        var (limiter, clock) = Limiter(perSecond: 0.01, burst: 1, floodLimit: 3, floodWindowSeconds: 10);
        Assert.Equal([Verdict.Allowed, Verdict.Refused, Verdict.Refused, Verdict.Refused], Take(limiter, 4));

        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal([Verdict.Refused, Verdict.Refused, Verdict.Refused, Verdict.Flooding], Take(limiter, 4));
    }
}
