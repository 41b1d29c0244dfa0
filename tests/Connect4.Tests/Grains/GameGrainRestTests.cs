using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connect4.Tests.Grains;

/// <summary>
/// A finished game that nobody follows leaves memory within seconds (5 s at rest) instead of Orleans' idle collection
/// age, and comes back from storage whole when looked at; a game in play, or a finished one still
/// followed, stays. Whether a game is active is read from the silo's <see cref="HostedGames"/>.
/// </summary>
public sealed class GameGrainRestTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private HostedGames Hosted => fixture.Cluster.GetSiloServiceProvider().GetRequiredService<HostedGames>();

    private Task LeavesMemoryAsync(string gameId) =>
        Wire.UntilAsync(() => !Hosted.Ids.Contains(gameId), $"game {gameId} leaves memory", TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_finished_game_nobody_follows_leaves_memory_and_reads_back_whole()
    {
        var (game, gameId, red, yellow) = await fixture.StartedGame();
        await game.Play(red, 3, 0);
        await game.Resign(yellow);

        await LeavesMemoryAsync(gameId);

        var view = await game.GetView(red);
        Assert.Equal((GameStatus.Over, EndReason.Resign), (view.Status, view.Reason));
        Assert.Equal([3], view.Moves);
        Assert.Contains(gameId, Hosted.Ids);
    }

    [Fact]
    public async Task A_game_in_play_and_a_finished_game_someone_follows_stay()
    {
        var (playing, playingId, red, _) = await fixture.StartedGame();
        await playing.Play(red, 0, 0);
        var (followed, followedId, _, loser) = await fixture.StartedGame();
        var gateway = fixture.Cluster.Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());
        await followed.Subscribe(gateway, 1, new Follower(1, loser, null));
        await followed.Resign(loser);

        // Renewed for 6 s (longer than a finished game rests before it goes); the game in play has no followers at all.
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(200);
            await followed.Renew(gateway, 1, [new Follower(1, loser, null)]);
        }

        Assert.Contains(playingId, Hosted.Ids);
        Assert.Contains(followedId, Hosted.Ids);

        // Once its follower's lease lapses, the finished one goes too.
        await LeavesMemoryAsync(followedId);
        Assert.Contains(playingId, Hosted.Ids);
    }

    [Fact]
    public async Task A_finished_game_followed_again_while_at_rest_stays_until_its_follower_goes()
    {
        var (game, gameId, red, yellow) = await fixture.StartedGame();
        await game.Resign(yellow);

        // At rest from its first tick after the end (within a second); then a connection follows it again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var gateway = fixture.Cluster.Client.CreateObjectReference<IGatewayObserver>(new GatewayRecorder());
        await game.Subscribe(gateway, 1, new Follower(1, red, null));
        for (var i = 0; i < 35; i++)
        {
            await Task.Delay(200);
            await game.Renew(gateway, 1, [new Follower(1, red, null)]);
        }

        Assert.Contains(gameId, Hosted.Ids);
        await LeavesMemoryAsync(gameId);
    }
}
