using System.Net;
using System.Text.Json.Nodes;
using Connect4.SiloHost;
using Connect4.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Connect4.Tests.Operations;

/// <summary>Readiness on the health checks (Redis included in a cluster), and the Orleans Dashboard behind its setting.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task In_a_cluster_readiness_of_a_silo_and_a_gateway_goes_503_while_Redis_is_down_and_200_once_it_is_back()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:ClusterId"] = $"health-{Guid.NewGuid():N}",
            ["Cluster:Port"] = Loopback.FreePortSetting(),
            ["Cluster:GatewayPort"] = Loopback.FreePortSetting(),
        };
        await using var silo = await SiloAppHost.StartAsync(settings);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>(settings) { ["Gateway:Mode"] = "client" });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var siloReady = new Uri(silo.HttpUri, "/readyz");
        var gatewayReady = new Uri(gateway.HttpUri, "/readyz");

        await StatusAsync(http, siloReady, HttpStatusCode.OK);
        await StatusAsync(http, gatewayReady, HttpStatusCode.OK);
        var report = JsonNode.Parse(await http.GetStringAsync(siloReady))!;
        Assert.Equal("Healthy", (string?)report["checks"]!["redis"]);
        Assert.Equal("Healthy", (string?)report["checks"]!["orleans"]);

        // In a cluster the dashboard is off unless asked for.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(silo.HttpUri, "/dashboard/"))).StatusCode);

        await redis.StopAsync();
        var down = await StatusAsync(http, siloReady, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", (string?)JsonNode.Parse(down)!["checks"]!["redis"]);
        Assert.Contains("redis", await StatusAsync(http, gatewayReady, HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(silo.HttpUri, "/healthz"))).StatusCode);

        await redis.RestartAsync();
        await StatusAsync(http, siloReady, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        await StatusAsync(http, gatewayReady, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_embedded_gateway_serves_the_dashboard_by_default_and_not_at_all_when_it_is_turned_off()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using (var on = await GatewayHost.StartAsync())
        {
            var page = await http.GetAsync(new Uri(on.HttpUri, "/dashboard/"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var off = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:Enabled"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(off.HttpUri, "/dashboard/"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(off.HttpUri, "/dashboard"))).StatusCode);
    }

    /// <summary>Waits until <paramref name="uri"/> answers <paramref name="expected"/>; returns the body.</summary>
    private static async Task<string> StatusAsync(HttpClient http, Uri uri, HttpStatusCode expected, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(uri);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == expected)
                {
                    return body;
                }

                Assert.True(DateTime.UtcNow < deadline, $"{uri} answers {(int)response.StatusCode} {body}, expected {(int)expected}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A silo as <c>silo/Program.cs</c> runs it (<see cref="SiloApp"/>), on a free loopback HTTP port.</summary>
    private sealed class SiloAppHost(WebApplication app, Uri httpUri) : IAsyncDisposable
    {
        public Uri HttpUri { get; } = httpUri;

        public static async Task<SiloAppHost> StartAsync(IDictionary<string, string?> settings)
        {
            var app = SiloApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Configuration.AddInMemoryCollection(settings);
            });
            await app.StartAsync();
            return new SiloAppHost(app, Loopback.AddressOf(app));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
