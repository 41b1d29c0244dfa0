using Connect4.GrainInterfaces;

namespace Connect4.Tests.Grains;

/// <summary>
/// <see cref="GrainReferences.GetGrainByKey{T}"/> gives the reference Orleans' own <c>GetGrain&lt;T&gt;(key)</c> gives,
/// for each kind of interface the code uses (a grain's main interface, a second interface of the same grain class),
/// and calls through it reach the same activation.
/// </summary>
public sealed class GrainReferencesTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public void References_name_the_same_grain_and_interface_as_GetGrain()
    {
        var gameId = GameKeys.NewGameId();
        AssertSame(Client.GetGrain<IGameGrain>(gameId), Client.GetGrainByKey<IGameGrain>(gameId));
        AssertSame(Client.GetGrain<IGameChat>(gameId), Client.GetGrainByKey<IGameChat>(gameId));
        AssertSame(Client.GetGrain<IPlayerGrain>("p1"), Client.GetGrainByKey<IPlayerGrain>("p1"));

        // A second key after the first resolution still gets its own id.
        Assert.NotEqual(Client.GetGrainByKey<IGameGrain>(gameId).GetGrainId(), Client.GetGrainByKey<IGameGrain>("another").GetGrainId());
    }

    [Fact]
    public async Task Calls_through_either_reference_reach_the_same_player()
    {
        var playerId = GameKeys.NewPlayerId();
        var created = await Client.GetGrainByKey<IPlayerGrain>(playerId).CreateGame(new CreateGameOptions());

        Assert.Equal([created.GameId], (await Client.GetGrain<IPlayerGrain>(playerId).GetProfile()).Games);
        Assert.Equal(ViewerRole.Red, (await Client.GetGrainByKey<IGameGrain>(created.GameId).GetView(playerId)).You);
    }

    private static void AssertSame<T>(T expected, T actual) where T : IAddressable
    {
        Assert.Equal(expected.GetGrainId(), actual.GetGrainId());
        Assert.Equal(((GrainReference)(object)expected).InterfaceType, ((GrainReference)(object)actual).InterfaceType);
    }
}
