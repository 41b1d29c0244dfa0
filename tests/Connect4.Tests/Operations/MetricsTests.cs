using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Operations;

/// <summary>
/// Each of the game's metrics (README, "Metrics") moves when its event happens, read from <c>/metrics</c> over HTTP.
/// </summary>
/// <remarks>
/// OpenTelemetry listens to every meter of a name in the process, whichever host made it, so these tests run alone
/// (<see cref="MetricsCollection"/>): the figures they read are those of their own gateway.
/// </remarks>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task Connections_commands_their_outcomes_and_latency_moves_games_and_fan_out_are_counted()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var tutorial = await TestClient.ConnectAsync(host.TutorialUri);
        await Metric.UntilAsync(host, "connect4_connections", 2, ("dialect", "native"));
        await Metric.UntilAsync(host, "connect4_connections", 1, ("dialect", "tutorial"));

        var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4, 3, 4, 3, 4, 3]);
        await ExpectErrorAsync(red, State("AAAAAAAAAAAA"), "not-found");
        await ExpectRawErrorAsync(red, "{not json", "bad-json");

        var page = await Metric.UntilAsync(host, "connect4_moves_total", 7);
        Assert.Equal(1, page.Sum("connect4_games_started_total", ("opponent", "human"), ("rated", "false")));
        Assert.Equal(1, page.Sum("connect4_games_finished_total", ("reason", "four")));
        Assert.Equal(7, page.Sum("connect4_commands_total", ("type", "play"), ("outcome", "ok")));
        Assert.Equal(7, page.Sum("connect4_command_duration_seconds_count", ("type", "play")));
        Assert.Equal(1, page.Sum("connect4_commands_total", ("type", "state"), ("outcome", "not-found")));
        Assert.Equal(1, page.Sum("connect4_commands_total", ("type", "unread"), ("outcome", "bad-json")));
        Assert.Equal(2, page.Sum("connect4_commands_total", ("type", "hello"), ("outcome", "ok")));

        // Each move reaches the other player's connection: 7 moves (the last with the end), the join and presence.
        Assert.True(page.Sum("connect4_events_fanned_out_total") >= 8, $"events fanned out: {page.Sum("connect4_events_fanned_out_total")}");

        await yellow.DisposeAsync();
        await tutorial.DisposeAsync();
        await Metric.UntilAsync(host, "connect4_connections", 1, ("dialect", "native"));
        await Metric.UntilAsync(host, "connect4_connections", 0, ("dialect", "tutorial"));
    }

    [Fact]
    public async Task The_bot_answer_time_a_resignation_and_rate_limit_refusals_are_counted()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var human = await TestClient.HelloAsync(host.WsUri, "alice");
        var created = await human.RequestAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["level"] = 2, ["color"] = "yellow" }, "created");
        var gameId = (string)created["gameId"]!;

        // The bot (red) moves first, maybe before the snapshot was taken: its move is waited for on the counter.
        await Metric.UntilAsync(host, "connect4_moves_total", 1);
        await human.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");

        var page = await Metric.UntilAsync(host, "connect4_games_finished_total", 1, ("reason", "resign"));
        Assert.Equal(1, page.Sum("connect4_games_started_total", ("opponent", "bot")));
        Assert.Equal(1, page.Sum("connect4_bot_answer_duration_seconds_count", ("level", "2")));
        Assert.Equal(1, page.Sum("connect4_moves_total"));

        // More pings at once than the burst allows: every refusal the client reads is counted, no more.
        for (var i = 0; i < 60; i++)
        {
            await human.SendAsync(Ping());
        }

        await UntilAsync(() => human.Seen.Count(m => (string?)m["type"] == "pong" || IsString(m["code"], "rate-limited")) == 60, "an answer to each ping");
        var refused = human.Seen.Count(m => IsString(m["code"], "rate-limited"));
        Assert.True(refused > 0, "no ping was refused");
        await Metric.UntilAsync(host, "connect4_rate_limit_refusals_total", refused, ("dialect", "native"));
    }

    [Fact]
    public async Task A_client_that_does_not_read_counts_one_overflow_and_the_events_it_is_no_longer_sent_count_as_dropped()
    {
        var settings = NoRateLimit;
        settings["Gateway:SendQueueCapacity"] = "4";
        settings["Gateway:CloseTimeout"] = "00:00:05";
        await using var host = await GatewayHost.StartAsync(settings);
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        var (gameId, watchKey) = await GamePlayTests.StartGameAsync(red, yellow);

        await using var slow = await TestClient.ConnectAsync(host.WsUri, read: false);
        await slow.SendAsync(new JsonObject { ["type"] = "hello", ["name"] = "slow" });
        await slow.SendAsync(new JsonObject { ["type"] = "watch", ["watchKey"] = watchKey });
        await UntilAsync(() => Registry(host).Connections.Any(c => c.PlayerId is not null && c.PlayerId != red.PlayerId && c.PlayerId != yellow.PlayerId),
            "the slow client's hello");
        var server = Registry(host).Connections.Single(c => c.PlayerId is not null && c.PlayerId != red.PlayerId && c.PlayerId != yellow.PlayerId);
        var state = State(gameId).ToJsonString();
        try
        {
            while (!server.IsClosing)
            {
                await slow.SendRawAsync(state);
            }
        }
        catch (WebSocketException)
        {
        }

        var before = (await Metric.UntilAsync(host, "connect4_send_queue_overflows_total", 1)).Sum("connect4_events_dropped_total");

        // The watcher still follows the game while its connection closes: the next moves (and presence) are dropped for it.
        await GamePlayTests.PlayMovesAsync(gameId, red, yellow, [3, 4]);
        var page = await Metric.AtLeastAsync(host, "connect4_events_dropped_total", before + 2, ("reason", "connection-closed"));
        Assert.Equal(1, page.Sum("connect4_send_queue_overflows_total"));
    }

    [Fact]
    public async Task Seeks_waiting_in_a_pool_and_their_wait_until_paired_are_measured()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var seek = new JsonObject { ["type"] = "seek", ["rated"] = false };

        await alice.RequestAsync(seek.DeepClone().AsObject(), "seeking");
        var page = await Metric.UntilAsync(host, "connect4_matchmaking_seeks", 1);
        var pool = Assert.Single(page.Labels("connect4_matchmaking_seeks", "pool"));

        await bob.RequestAsync(seek.DeepClone().AsObject(), "seeking");
        await alice.NextAsync("paired");
        page = await Metric.UntilAsync(host, "connect4_matchmaking_wait_duration_seconds_count", 2, ("pool", pool));
        Assert.Equal(0, page.Sum("connect4_matchmaking_seeks", ("pool", pool)));
        Assert.Equal(1, page.Sum("connect4_games_started_total", ("opponent", "human")));
    }

    [Fact]
    public async Task Orleans_ASP_NET_Core_hosting_and_runtime_meters_are_exported_beside_the_game_s_own_and_Kestrel_s_are_not()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        using (var http = new HttpClient { BaseAddress = host.HttpUri })
        {
            (await http.GetAsync("/healthz")).EnsureSuccessStatusCode();
        }

        var page = await Metric.UntilAsync(host, "http_server_request_duration_seconds_count", 1);
        Assert.Contains("orleans_catalog_activations", page.Names);
        Assert.Contains("orleans_app_requests_latency_milliseconds_count", page.Names);
        Assert.Contains("dotnet_gc_collections_total", page.Names);
        Assert.DoesNotContain("kestrel_active_connections", page.Names);
        Assert.True(page.Sum("orleans_catalog_activations") >= 1, "the player's grain is active");
    }
}

/// <summary>Runs the metrics tests on their own, after the tests that run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
