using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Gateway.Wire;

namespace Connect4.Tests.Gateway;

/// <summary>PROTOCOL.md section 12 over real WebSockets: seek, the pairing every connection of both players follows, unseek.</summary>
public abstract class QuickPlayTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static JsonObject Seek(int initial, bool? rated = null)
    {
        var seek = new JsonObject { ["type"] = "seek", ["clock"] = new JsonObject { ["initial"] = initial, ["increment"] = 0 } };
        if (rated is { } value)
        {
            seek["rated"] = value;
        }

        return seek;
    }

    private static JsonObject Unseek(string seekId) => new() { ["type"] = "unseek", ["seekId"] = seekId };

    /// <summary>Waits for paired, then the game's snapshot after it; returns both.</summary>
    private static async Task<(JsonObject Paired, JsonObject Snapshot)> PairedAsync(TestClient client)
    {
        var paired = await client.NextAsync("paired");
        Assert.False(paired.ContainsKey("rid"));
        var snapshot = await client.NextAsync("game", (string)paired["gameId"]!);
        var seen = client.Seen.ToList();
        Assert.True(seen.IndexOf(paired) < seen.IndexOf(snapshot), $"Player {client.PlayerId}: the snapshot came before paired");
        return (paired, snapshot);
    }

    [Fact]
    public async Task Two_seekers_are_paired_and_every_connection_of_both_gets_paired_then_the_game_and_follows_it()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var aliceTab = await TestClient.HelloAsync(host.WsUri, token: alice.Token);
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");

        var aliceSeek = (string)(await alice.RequestAsync(Seek(60), "seeking"))["seekId"]!;
        Assert.Equal(aliceSeek, (string?)(await aliceTab.RequestAsync(Seek(60, rated: true), "seeking"))["seekId"]);
        var bobSeek = (string)(await bob.RequestAsync(Seek(60), "seeking"))["seekId"]!;

        var (a, aView) = await PairedAsync(alice);
        var (t, tView) = await PairedAsync(aliceTab);
        var (b, bView) = await PairedAsync(bob);
        var gameId = (string)a["gameId"]!;
        Assert.Equal((aliceSeek, aliceSeek, bobSeek), ((string?)a["seekId"], (string?)t["seekId"], (string?)b["seekId"]));
        Assert.Equal((gameId, gameId), ((string?)t["gameId"], (string?)b["gameId"]));
        Assert.NotEqual((string?)a["color"], (string?)b["color"]);
        Assert.Equal(((string?)a["color"], (string?)a["color"], (string?)b["color"]), ((string?)aView["you"], (string?)tView["you"], (string?)bView["you"]));
        Assert.Equal("playing", (string?)bView["status"]);

        // Followed as after join: red's move reaches every connection of yellow.
        var (red, yellow) = (string?)a["color"] == "red" ? (alice, new[] { bob }) : (bob, new[] { alice, aliceTab });
        await red.RequestAsync(Play(gameId, 3, 0), "played");
        foreach (var client in yellow)
        {
            await client.MoveAsync(gameId, 1);
        }

        await ExpectErrorAsync(alice, Unseek(aliceSeek), "not-found");
    }

    [Fact]
    public async Task A_seek_lapses_when_its_players_last_connection_closes()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");
        var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using (alice)
        {
            await alice.RequestAsync(Seek(90), "seeking");
        }

        await Task.Delay(300);
        await bob.RequestAsync(Seek(90), "seeking");
        await Task.Delay(1500);
        Assert.DoesNotContain(bob.Seen, m => (string?)m["type"] == "paired");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_game_paired_in_a_rated_pool_is_rated_and_one_paired_in_a_casual_pool_is_not(bool rated)
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var bob = await TestClient.HelloAsync(host.WsUri, "bob");

        await alice.RequestAsync(Seek(90, rated), "seeking");
        await bob.RequestAsync(Seek(90, rated), "seeking");
        var (paired, _) = await PairedAsync(alice);
        var gameId = (string)paired["gameId"]!;
        await alice.RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        var over = await alice.NextAsync("over", gameId);

        var aliceColor = (string)paired["color"]!;
        var bobColor = aliceColor == "red" ? "yellow" : "red";
        if (rated)
        {
            Assert.Equal((1500, 1338), ((int)over["ratings"]![aliceColor]!["before"]!, (int)over["ratings"]![aliceColor]!["after"]!));
            Assert.Equal((1500, 1662), ((int)over["ratings"]![bobColor]!["before"]!, (int)over["ratings"]![bobColor]!["after"]!));
        }
        else
        {
            Assert.Null(over["ratings"]);
        }

        var entry = (await bob.RequestAsync(new JsonObject { ["type"] = "history" }, "history"))["games"]![0]!;
        Assert.Equal((gameId, rated), ((string?)entry["gameId"], (bool)entry["rated"]!));
    }

    [Fact]
    public async Task Unseek_withdraws_a_seek_and_a_second_unseek_is_not_found()
    {
        await using var host = await StartHostAsync(NoRateLimit);
        await using var alice = await TestClient.HelloAsync(host.WsUri, "alice");

        var seekId = (string)(await alice.RequestAsync(Seek(75, rated: false), "seeking"))["seekId"]!;
        var unseeked = await alice.RequestAsync(Unseek(seekId), "unseeked");
        Assert.Equal(seekId, (string?)unseeked["seekId"]);
        await ExpectErrorAsync(alice, Unseek(seekId), "not-found");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "seek", ["rated"] = "yes" }, "bad-request");
        await ExpectErrorAsync(alice, new JsonObject { ["type"] = "seek", ["clock"] = new JsonObject { ["initial"] = 1, ["increment"] = 0 } }, "bad-request");
    }
}

public sealed class QuickPlayEmbeddedTests : QuickPlayTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class QuickPlayClusterTests(ClusterFixture fixture) : QuickPlayTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
