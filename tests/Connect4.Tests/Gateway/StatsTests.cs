using System.Net;
using System.Text.Json;
using Connect4.Gateway;
using Connect4.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Connect4.Tests.Gateway;

/// <summary><c>GET /stats</c>: the open connections and the process's memory, for bench's hold command.</summary>
public sealed class StatsTests
{
    [Fact]
    public async Task Stats_counts_the_open_connections_and_reports_memory_figures()
    {
        await using var host = await GatewayHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.HttpUri, Timeout = TimeSpan.FromSeconds(10) };
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");

        using var response = await http.GetAsync("/stats?gc=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using (var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            var root = stats.RootElement;
            Assert.Equal(2, root.GetProperty("connections").GetInt32());
            Assert.True(root.GetProperty("workingSetBytes").GetInt64() > 0, root.ToString());
            Assert.True(root.GetProperty("managedHeapBytes").GetInt64() > 0, root.ToString());
            Assert.True(root.GetProperty("gcHeapSizeBytes").GetInt64() > 0, root.ToString());
            Assert.True(root.GetProperty("collected").GetBoolean(), "gc=true from loopback runs a collection");
        }

        await bob.DisposeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await CountAsync(http) != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "/stats should count one connection once bob has left");
            await Task.Delay(10);
        }

        using var plain = JsonDocument.Parse(await http.GetStringAsync("/stats"));
        Assert.False(plain.RootElement.GetProperty("collected").GetBoolean());
    }

    [Fact]
    public async Task Gc_true_is_ignored_for_a_request_from_another_host()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.7");
        context.Request.QueryString = new QueryString("?gc=true");
        using var body = new MemoryStream();
        context.Response.Body = body;

        await GatewayEndpoints.WriteStatsAsync(context, () => 3);

        using var stats = JsonDocument.Parse(body.ToArray());
        Assert.Equal(3, stats.RootElement.GetProperty("connections").GetInt32());
        Assert.False(stats.RootElement.GetProperty("collected").GetBoolean());

        // The same request from a loopback address (IPv4-mapped here) collects.
        var local = new DefaultHttpContext();
        local.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.5");
        local.Request.QueryString = new QueryString("?gc=true");
        using var localBody = new MemoryStream();
        local.Response.Body = localBody;
        await GatewayEndpoints.WriteStatsAsync(local, () => 0);
        using var localStats = JsonDocument.Parse(localBody.ToArray());
        Assert.True(localStats.RootElement.GetProperty("collected").GetBoolean());
    }

    private static async Task<int> CountAsync(HttpClient http)
    {
        using var stats = JsonDocument.Parse(await http.GetStringAsync("/stats"));
        return stats.RootElement.GetProperty("connections").GetInt32();
    }
}
