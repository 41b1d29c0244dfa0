using Connect4.Gateway;
using Connect4.Gateway.Routing;
using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connect4.Tests.Sessions;

/// <summary>The gateway's leases: each followed game's list and versions, the catch-up rule, and the loop that renews them on a fake clock.</summary>
public sealed class RenewalTests
{
    private sealed class Connection(long id) : IFollowerConnection
    {
        public long FollowerId { get; } = id;

        public void OnGameEvent(GameEvent gameEvent)
        {
        }

        public void OnPlayerEvent(GameEvent gameEvent)
        {
        }

        public void OnRenewed(string gameId, int ply)
        {
        }
    }

    /// <summary>Counts the passes; a pass can be made to fail.</summary>
    private sealed class Leases : IGatewayLeases
    {
        private int _games;
        private int _players;

        public int Games => Volatile.Read(ref _games);

        public int Players => Volatile.Read(ref _players);

        public Func<int, bool> GamesPassFails { get; set; } = _ => false;

        public Task RenewGamesAsync(CancellationToken cancellationToken)
        {
            var pass = Interlocked.Increment(ref _games);
            return GamesPassFails(pass) ? Task.FromException(new TimeoutException($"pass {pass} timed out")) : Task.CompletedTask;
        }

        public Task RenewPlayersAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _players);
            return Task.CompletedTask;
        }
    }

    private sealed class LinesLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }

    private static Follower Follower(long id) => new(id, $"p{id}", null);

    [Fact]
    public void Every_change_to_a_games_followers_makes_a_new_version_and_the_last_to_leave_retires_it()
    {
        var game = new FollowedGame("g");
        var (one, two) = (new Connection(1), new Connection(2));

        Assert.Equal((1L, true), game.Add(one, Follower(1)));
        Assert.Equal((2L, false), game.Add(one, Follower(1) with { WatchKey = "g.k" }));
        Assert.Equal((3L, true), game.Add(two, Follower(2)));
        var (version, followers) = game.Snapshot();
        Assert.Equal(3, version);
        Assert.Equal([1L, 2L], followers.Select(f => f.ConnectionId).Order());
        Assert.Equal("g.k", followers.Single(f => f.ConnectionId == 1).WatchKey);

        Assert.Equal((4L, false), game.Remove(1));
        Assert.False(game.Retired);
        Assert.Equal((5L, true), game.Remove(2));
        Assert.True(game.Retired);
        Assert.Null(game.Add(one, Follower(1)));
    }

    [Fact]
    public void A_renewal_makes_members_catch_up_to_the_ply_the_renewal_before_it_found()
    {
        var game = new FollowedGame("g");

        Assert.Null(game.Renewed(3));
        Assert.Equal(3, game.Renewed(5));
        Assert.Equal(5, game.Renewed(5));
        Assert.Equal(5, game.Renewed(6));

        var fresh = new FollowedGame("h");
        Assert.Null(fresh.Renewed(0));
        Assert.Null(fresh.Renewed(2));
        Assert.Equal(2, fresh.Renewed(2));
    }

    [Fact]
    public async Task Games_are_renewed_every_refresh_and_players_every_player_refresh()
    {
        var (loop, leases, clock, _) = Loop();
        await StartAsync(loop, clock);
        try
        {
            // Once the games' pass of a tick has run, the players' pass of the tick before it has too.
            await TickAsync(clock, leases, 4);
            Assert.Equal(1, leases.Players);
            await TickAsync(clock, leases, 7);
            Assert.Equal(2, leases.Players);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failed_pass_is_logged_and_the_next_tick_renews_again()
    {
        var (loop, leases, clock, log) = Loop();
        leases.GamesPassFails = pass => pass == 2;
        await StartAsync(loop, clock);
        try
        {
            await TickAsync(clock, leases, 3);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }

        lock (log.Lines)
        {
            Assert.Equal(["Renewing the gateway's leases on games failed in part: pass 2 timed out"], log.Lines);
        }
    }

    private static (RenewalLoop Loop, Leases Leases, ManualTimeProvider Clock, LinesLogger<RenewalLoop> Log) Loop()
    {
        var clock = new ManualTimeProvider();
        var leases = new Leases();
        var log = new LinesLogger<RenewalLoop>();
        var options = Options.Create(new GatewayOptions { SubscriptionRefresh = TimeSpan.FromSeconds(2), PlayerRefresh = TimeSpan.FromSeconds(6) });
        return (new RenewalLoop(leases, options, clock, log), leases, clock, log);
    }

    /// <summary>Starts the loop and waits for its timer (it runs on a thread of its own), so no tick is lost.</summary>
    private static async Task StartAsync(RenewalLoop loop, ManualTimeProvider clock)
    {
        await loop.StartAsync(CancellationToken.None);
        await UntilAsync(() => clock.ActiveTimers == 1, "the loop to set its timer");
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"Waited 10 s for {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>Moves the clock one refresh at a time until the games have been renewed <paramref name="passes"/> times.</summary>
    private static async Task TickAsync(ManualTimeProvider clock, Leases leases, int passes)
    {
        while (leases.Games < passes)
        {
            var before = leases.Games;
            clock.Advance(TimeSpan.FromSeconds(2));
            await UntilAsync(() => leases.Games > before, $"the games' pass after pass {before} and another refresh");
        }
    }
}
