using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Games;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace Connect4.Tests.Grains;

/// <summary>
/// A timed game's grain on Orleans' test cluster: the flag falls at the deadline with nobody calling, from the grain's
/// timer while it is active and from its reminder once it is not.
/// </summary>
public sealed class GameGrainClockTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private static readonly ClockSettings Fastest = new(ClockSettings.MinInitial, 0);

    /// <summary>The flag falls within this of the deadline (PROTOCOL.md section 9 says 1 s).</summary>
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(1);

    private IClusterClient Client => fixture.Cluster.Client;

    /// <summary>A 15 s game created by a new red player and joined by a new yellow one, with red's clock running; and its deadline as its snapshot tells it.</summary>
    private async Task<(IGameGrain Game, string GameId, string Red, DateTimeOffset Deadline)> StartedTimedGame()
    {
        var (red, yellow) = (GameGrainFixture.Id("red"), GameGrainFixture.Id("yellow"));
        var created = await Client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions(Clock: Fastest));
        var view = await Client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        var clock = view.Clock ?? throw new Xunit.Sdk.XunitException($"Game {created.GameId}: a timed game's snapshot has no clock.");
        Assert.Equal((Color?)Color.Red, clock.Running);
        return (Client.GetGrain<IGameGrain>(created.GameId), created.GameId, red, clock.At.AddMilliseconds(clock.Red));
    }

    [Fact]
    public async Task The_flag_falls_at_the_deadline_with_nobody_calling_and_the_players_records_hear_of_it()
    {
        var (game, gameId, red, deadline) = await StartedTimedGame();
        var hosted = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<HostedGames>();

        var stored = await StoredWhenOver(game, deadline);

        Assert.True(hosted.Ids.Contains(gameId), $"Game {gameId} was deactivated: its own timer should have ended it.");
        AssertEndedOnTime(gameId, stored, deadline);
        var view = await game.GetView(red);
        Assert.Equal((GameStatus.Over, EndReason.Timeout), (view.Status, view.Reason!.Value));
        Assert.Equal((0L, 15_000L, (Color?)null), (view.Clock!.Red, view.Clock.Yellow, view.Clock.Running));
        Assert.Equal(RuleCodes.GameOver, (await Assert.ThrowsAsync<GameRuleException>(() => game.Play(red, 3, 0))).Code);
        Assert.Equal(new PlayerStats(0, 1, 0), (await Client.GetGrain<IPlayerGrain>(red).GetProfile()).Stats);
    }

    [Fact]
    public async Task A_timed_game_deactivated_with_nobody_calling_is_brought_back_by_its_reminder_and_ends_on_time()
    {
        var (game, gameId, _, deadline) = await StartedTimedGame();
        var hosted = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<HostedGames>();

        await game.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Wire.UntilAsync(() => !hosted.Ids.Contains(gameId), $"game {gameId} deactivated");

        AssertEndedOnTime(gameId, await StoredWhenOver(game, deadline), deadline);
    }

    /// <summary>
    /// The game's stored state once it is over, or as it is 5 s after <paramref name="deadline"/>. Read from storage, which
    /// activates nothing: only the game's own timer or reminder can end it.
    /// </summary>
    private async Task<GameState> StoredWhenOver(IGameGrain game, DateTimeOffset deadline)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(GameOptions.StorageName);
        var stored = new GrainState<GameState>();
        var limit = deadline + TimeSpan.FromSeconds(5);
        do
        {
            await Task.Delay(50);
            await storage.ReadStateAsync("game", game.GetGrainId(), stored);
        }
        while (stored.State?.Status != GameStatus.Over && DateTimeOffset.UtcNow < limit);

        return stored.State!;
    }

    private static void AssertEndedOnTime(string gameId, GameState stored, DateTimeOffset deadline)
    {
        Assert.Equal((GameStatus.Over, EndReason.Timeout, GameResult.YellowWins), (stored.Status, stored.Reason, stored.Result));
        // The deadline comes from a snapshot's clock, in whole milliseconds: it can be up to half of one past the game's own.
        var late = stored.UpdatedAt - deadline;
        Assert.True(late >= -TimeSpan.FromMilliseconds(1) && late < Allowed, $"Game {gameId}: ended {late.TotalMilliseconds:0} ms after its deadline.");
    }
}
