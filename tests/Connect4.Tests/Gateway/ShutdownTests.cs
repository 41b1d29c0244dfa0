using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>Health endpoints and graceful shutdown (PROTOCOL.md sections 0 and 7).</summary>
public abstract class ShutdownTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Shutdown_closes_every_connection_with_1001_and_readyz_answers_503_from_its_start()
    {
        // A client that never answers the close handshake holds the drain open for the close timeout, which
        // leaves time to ask /readyz while the gateway is shutting down.
        await using var host = await StartHostAsync(new Dictionary<string, string?> { ["Gateway:CloseTimeout"] = "00:00:02" });
        using var http = new HttpClient { BaseAddress = host.HttpUri, Timeout = TimeSpan.FromSeconds(5) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);

        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 3]);
        await using var spectator = await TestClient.HelloAsync(host.WsUri, "carol");
        await spectator.RequestAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey }, "watching");
        await using var anonymous = await TestClient.ConnectAsync(host.WsUri);
        await using var tutorial = await TestClient.ConnectAsync(host.TutorialUri);
        await tutorial.SendAsync(new JsonObject { ["type"] = "init", ["watch"] = watchKey });
        await tutorial.NextAsync("play");
        await using var stubborn = await TestClient.ConnectAsync(host.WsUri, read: false);
        var registry = Registry(host);
        await UntilAsync(() => registry.Count == 6, "the gateway to hold all six connections");

        var stopping = host.StopAsync();
        await UntilAsync(() => registry.IsDraining, "the gateway to start draining");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await Assert.ThrowsAsync<WebSocketException>(() => TestClient.ConnectAsync(host.WsUri));

        foreach (var (client, who) in new[] { (red, "red"), (yellow, "yellow"), (spectator, "spectator"), (anonymous, "a client before hello"), (tutorial, "a tutorial watcher") })
        {
            var status = await client.WaitClosedAsync();
            Assert.True(status == WebSocketCloseStatus.EndpointUnavailable, $"{who} ({client.PlayerId}) was closed with {status}, not 1001");
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, registry.Count);
    }
}

public sealed class ShutdownEmbeddedTests : ShutdownTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class ShutdownClusterTests(ClusterFixture fixture) : ShutdownTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
