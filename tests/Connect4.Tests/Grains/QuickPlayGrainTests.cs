using System.Diagnostics;
using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Grains;

/// <summary>
/// Quick play on Orleans' test cluster (PROTOCOL.md section 12): the pool's grain pairs two compatible seeks within a
/// second into a game with both seated, never a player with itself; a second seek keeps its id; unseek and lapse.
/// Each test seeks in a pool of its own (its own clock), since the cluster is shared.
/// </summary>
public sealed class QuickPlayGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    private IPlayerSeeks Seeks(string playerId) => Client.GetGrain<IPlayerSeeks>(playerId);

    /// <summary>A new player connected through <paramref name="gateway"/>, so it has a gateway registration to lose.</summary>
    private async Task<(string PlayerId, IGatewayObserver Reference)> Player(GatewayRecorder gateway)
    {
        var playerId = GameKeys.NewPlayerId();
        var reference = Client.CreateObjectReference<IGatewayObserver>(gateway);
        await Client.GetGrain<IPlayerGrain>(playerId).Connect(reference, null);
        return (playerId, reference);
    }

    private static SeekPaired[] PairedOf(GatewayRecorder gateway, string playerId) =>
        [.. gateway.PlayerEvents.Where(e => e.PlayerId == playerId).Select(e => e.Event).OfType<SeekPaired>()];

    [Fact]
    public async Task Two_compatible_seeks_are_paired_within_a_second_into_a_game_with_both_seated_and_listed()
    {
        var gateway = new GatewayRecorder();
        var (alice, _) = await Player(gateway);
        var (bob, _) = await Player(gateway);
        var clock = new ClockSettings(101, 1);

        var aliceSeek = await Seeks(alice).Seek(clock, rated: true);
        var watch = Stopwatch.StartNew();
        var bobSeek = await Seeks(bob).Seek(clock, rated: true);
        await UntilAsync(() => PairedOf(gateway, alice).Length == 1 && PairedOf(gateway, bob).Length == 1, "both players hear of the pairing");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"Paired after {watch.Elapsed}");

        var (a, b) = (PairedOf(gateway, alice)[0], PairedOf(gateway, bob)[0]);
        Assert.Equal((aliceSeek, bobSeek, a.GameId), (a.SeekId, b.SeekId, b.GameId));
        Assert.NotEqual(a.Color, b.Color);
        var view = await Client.GetGrain<IGameGrain>(a.GameId).GetView(alice);
        Assert.Equal(GameStatus.Playing, view.Status);
        Assert.Equal(a.Color == Color.Red ? (alice, bob) : (bob, alice), (view.Red!.PlayerId, view.Yellow!.PlayerId));
        Assert.Equal(clock, view.Clock?.Settings);
        Assert.Contains(a.GameId, (await Client.GetGrain<IPlayerGrain>(bob).GetProfile()).Games);

        // Paired: the seek is no longer there to withdraw.
        Assert.Equal(RuleCodes.NotFound, (await Assert.ThrowsAsync<GameRuleException>(() => Seeks(alice).Unseek(aliceSeek))).Code);
    }

    [Fact]
    public async Task A_player_is_never_paired_with_itself_and_its_second_seek_in_a_pool_keeps_the_same_id()
    {
        var gateway = new GatewayRecorder();
        var (alice, _) = await Player(gateway);
        var clock = new ClockSettings(102, 0);

        var first = await Seeks(alice).Seek(clock, rated: false);
        Assert.Equal(first, await Seeks(alice).Seek(clock, rated: false));
        Assert.NotEqual(first, await Seeks(alice).Seek(clock, rated: true));
        await Task.Delay(1500);
        Assert.Empty(PairedOf(gateway, alice));

        // Its seeks still wait: a second player is paired with one of them, and the other is withdrawn.
        var (bob, _) = await Player(gateway);
        await Seeks(bob).Seek(clock, rated: false);
        // Each player's grain tells the gateway on its own (one-way): alice's news may come after bob's.
        await UntilAsync(() => PairedOf(gateway, bob).Length == 1 && PairedOf(gateway, alice).Length > 0, "bob is paired with alice");
        Assert.Equal(first, PairedOf(gateway, alice).Single().SeekId);
    }

    [Fact]
    public async Task An_unseeked_seek_is_not_paired_and_a_second_unseek_is_not_found()
    {
        var gateway = new GatewayRecorder();
        var (alice, _) = await Player(gateway);
        var (bob, _) = await Player(gateway);
        var clock = new ClockSettings(103, 0);

        var seekId = await Seeks(alice).Seek(clock, rated: true);
        await Seeks(alice).Unseek(seekId);
        Assert.Equal(RuleCodes.NotFound, (await Assert.ThrowsAsync<GameRuleException>(() => Seeks(alice).Unseek(seekId))).Code);
        Assert.Equal(RuleCodes.NotFound, (await Assert.ThrowsAsync<GameRuleException>(() => Seeks(bob).Unseek("no-such-seek"))).Code);

        await Seeks(bob).Seek(clock, rated: true);
        await Task.Delay(1500);
        Assert.Empty(PairedOf(gateway, bob));
    }

    [Fact]
    public async Task A_seek_lapses_when_its_players_last_gateway_goes()
    {
        var gateway = new GatewayRecorder();
        var (alice, reference) = await Player(gateway);
        var (bob, _) = await Player(gateway);
        var clock = new ClockSettings(104, 0);

        var seekId = await Seeks(alice).Seek(clock, rated: true);
        await Client.GetGrain<IPlayerGrain>(alice).Disconnect(reference);
        Assert.Equal(RuleCodes.NotFound, (await Assert.ThrowsAsync<GameRuleException>(() => Seeks(alice).Unseek(seekId))).Code);

        await Seeks(bob).Seek(clock, rated: true);
        await Task.Delay(1500);
        Assert.Empty(PairedOf(gateway, bob));
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within 10 s: {what}");
            await Task.Delay(20);
        }
    }
}
