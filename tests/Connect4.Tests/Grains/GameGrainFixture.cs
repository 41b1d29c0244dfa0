using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Connect4.Tests.Grains;

/// <summary>One silo of Orleans' in-process test cluster, with in-memory state behind a store whose writes can be made to fail.</summary>
public sealed class GameGrainFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public FaultSwitch Faults { get; } = new();

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _cluster = await GrainCluster.StartAsync(
        settings: new Dictionary<string, string?>
        {
            ["Game:SubscriptionExpiry"] = "00:00:01",
            ["Game:PresenceCheckInterval"] = "00:00:00.200",
        },
        services: s => StorageDecoration.Decorate(s, (_, inner) => new FaultyStorage(inner, Faults)));

    /// <summary>A fresh player id.</summary>
    public static string Id(string name) => $"p-{name}-{Guid.NewGuid():N}";

    /// <summary>A human game created by a new red player and joined by a new yellow one.</summary>
    public async Task<(IGameGrain Game, string GameId, string Red, string Yellow)> StartedGame()
    {
        var (red, yellow) = (Id("red"), Id("yellow"));
        var created = await Cluster.Client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions());
        await Cluster.Client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        return (Cluster.Client.GetGrain<IGameGrain>(created.GameId), created.GameId, red, yellow);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
