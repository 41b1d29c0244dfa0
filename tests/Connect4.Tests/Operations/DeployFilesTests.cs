using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Operations;

/// <summary>
/// The monitoring files of docker-compose.yml (deploy/prometheus.yml, deploy/grafana/) cannot run here (no Docker
/// engine): they are checked against what they refer to, the compose file's services and the metrics the nodes export.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed partial class DeployFilesTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Repository.Root, .. path]));

    [Fact]
    public async Task Prometheus_scrapes_every_silo_and_gateway_of_the_compose_file()
    {
        var services = await ComposeServicesAsync();
        var nodes = services.Where(s => s.StartsWith("silo-", StringComparison.Ordinal) || s.StartsWith("gateway-", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, nodes.Count);
        var config = Read("deploy", "prometheus.yml");
        foreach (var node in nodes)
        {
            Assert.Contains($"\"{node}:8080\"", config, StringComparison.Ordinal);
            Assert.Contains($"node: {node},", config, StringComparison.Ordinal);
        }

        Assert.Contains("prometheus", services);
        Assert.Contains("grafana", services);
    }

    [Fact]
    public async Task The_Grafana_dashboard_shows_every_documented_game_metric_and_queries_only_metrics_that_exist()
    {
        var dashboard = JsonNode.Parse(Read("deploy", "grafana", "dashboards", "connect4.json"))!;
        var datasource = Read("deploy", "grafana", "provisioning", "datasources", "prometheus.yml");
        var exprs = dashboard["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]?.AsArray() ?? [])
            .Select(t => (string)t!["expr"]!).ToList();
        Assert.All(dashboard["panels"]!.AsArray().Where(p => p!["datasource"] is not null),
            p => Assert.Contains($"uid: {(string)p!["datasource"]!["uid"]!}", datasource, StringComparison.Ordinal));
        var queried = exprs.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        // The README's table of the game's metrics, by their Prometheus names.
        var documented = DocumentedMetric().Matches(Read("README.md")).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(documented.Count >= 12, $"README documents {documented.Count} game metrics");
        foreach (var metric in documented)
        {
            Assert.True(queried.Any(q => q == metric || q.StartsWith(metric + "_", StringComparison.Ordinal)),
                $"the dashboard does not show {metric}");
        }

        // What a running gateway exports (embedded: a silo's meters too), after a game and a plain request, so their counters exist.
        await using var host = await GatewayHost.StartAsync();
        await using var human = await TestClient.HelloAsync(host.WsUri, "alice");
        await human.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 1, ["color"] = "yellow" }, "created");
        using (var http = new HttpClient { BaseAddress = host.HttpUri })
        {
            (await http.GetAsync("/healthz")).EnsureSuccessStatusCode();
        }

        await Metric.AtLeastAsync(host, "http_server_request_duration_seconds_count", 1);
        var exported = (await Metric.AtLeastAsync(host, "connect4_moves_total", 1)).Names;
        foreach (var metric in queried)
        {
            Assert.True(exported.Contains(metric) || documented.Any(d => metric == d || metric.StartsWith(d + "_", StringComparison.Ordinal)),
                $"the dashboard queries {metric}, which no node exports and the README does not list");
        }
    }

    private static async Task<List<string>> ComposeServicesAsync()
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", "docker-compose.yml", "config", "--services"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, process.ExitCode);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    [GeneratedRegex(@"\b(connect4|orleans|dotnet|http|kestrel|aspnetcore)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    /// <summary>A row of the README's metrics table: "| `connect4_...` |".</summary>
    [GeneratedRegex(@"^ *\| `(?<name>connect4_[a-z0-9_]+)`", RegexOptions.Multiline)]
    private static partial Regex DocumentedMetric();
}
