using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Connect4.Tests.Grains;

/// <summary>
/// A rated game whose players could not be told, and which nobody calls again: its reminder wakes it and it tells them.
/// The lease timer is slowed to an hour here, so only the reminder can do it.
/// </summary>
public sealed class RatedGameReminderTests(RatedGameReminderTests.ReminderCluster fixture) : IClassFixture<RatedGameReminderTests.ReminderCluster>
{
    [Fact]
    public async Task The_reminder_tells_the_players_of_a_game_nobody_calls_again()
    {
        var client = fixture.Cluster.Client;
        var (red, yellow) = (GameGrainFixture.Id("red"), GameGrainFixture.Id("yellow"));
        var created = await client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions(Rated: true));
        await client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        var game = client.GetGrain<IGameGrain>(created.GameId);

        fixture.Faults.FailWritesOf = "player";
        try
        {
            await game.Resign(yellow);
            await fixture.Cluster.DeactivateAsync(game);
        }
        finally
        {
            fixture.Faults.FailWritesOf = null;
        }

        Assert.Equal(0, (await client.GetGrain<IPlayerGrain>(red).GetRating()).RatedGames);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (((await client.GetGrain<IPlayerGrain>(red).GetRating()).RatedGames == 0
            || (await client.GetGrain<IPlayerGrain>(yellow).GetRating()).RatedGames == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var (redAfter, yellowAfter) = (await client.GetGrain<IPlayerGrain>(red).GetRating(), await client.GetGrain<IPlayerGrain>(yellow).GetRating());
        Assert.Equal((1662, 1, 1338, 1), (redAfter.Rating.Rounded, redAfter.RatedGames, yellowAfter.Rating.Rounded, yellowAfter.RatedGames));
    }

    /// <summary>One silo whose reminders tick every 2 s and whose lease timer all but never does.</summary>
    public sealed class ReminderCluster : IAsyncLifetime
    {
        private InProcessTestCluster? _cluster;

        public FaultSwitch Faults { get; } = new();

        public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync() => _cluster = await GrainCluster.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Game:PresenceCheckInterval"] = "01:00:00",
                ["Game:ClockReminderPeriod"] = "00:00:02",
                ["Orleans:ReminderOptions:MinimumReminderPeriod"] = "00:00:01",
            },
            services: s => StorageDecoration.Decorate(s, (_, inner) => new FaultyStorage(inner, Faults)));

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
