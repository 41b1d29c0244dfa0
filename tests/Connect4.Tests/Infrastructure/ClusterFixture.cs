namespace Connect4.Tests.Infrastructure;

/// <summary>A Redis server of its own and a 3-silo cluster on it, shared by the tests of one class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private RedisServer? _redis;
    private SiloCluster? _cluster;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The fixture has not started.");

    public SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _cluster = await SiloCluster.StartAsync(_redis.ConnectionString, silos: 3);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
