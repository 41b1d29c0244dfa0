using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Gateway;

/// <summary>Ratings, profiles, history and the leaderboard (PROTOCOL.md section 13) over real WebSockets.</summary>
public abstract class RatingsTests
{
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    private static JsonObject Profile(string? playerId = null) => new() { ["type"] = "profile", ["playerId"] = playerId };

    private static JsonObject History(int limit, long? before = null) => new() { ["type"] = "history", ["limit"] = limit, ["before"] = before };

    /// <summary>A game created by <paramref name="red"/> and joined by <paramref name="yellow"/>, ended by the loser's resignation; returns its id and red's <c>over</c>.</summary>
    internal static async Task<(string GameId, JsonObject Over)> PlayResignedAsync(TestClient red, TestClient yellow, bool rated, bool redWins)
    {
        var created = await red.RequestAsync(new JsonObject { ["type"] = "create", ["rated"] = rated }, "created");
        var gameId = (string)created["gameId"]!;
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)created["joinKey"]! }, "joined");
        await (redWins ? yellow : red).RequestAsync(new JsonObject { ["type"] = "resign", ["gameId"] = gameId }, "resigned");
        var over = await red.NextAsync("over", gameId);
        await yellow.NextAsync("over", gameId);
        return (gameId, over);
    }

    [Fact]
    public async Task A_rated_game_tells_both_ratings_and_the_players_carry_them_after()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "alice");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "bob");
        Assert.Equal("bad-request", await red.ErrorOfAsync(new JsonObject { ["type"] = "create", ["opponent"] = "bot", ["rated"] = true }));

        var (gameId, over) = await PlayResignedAsync(red, yellow, rated: true, redWins: true);

        Assert.Equal((1500, 1662), ((int)over["ratings"]!["red"]!["before"]!, (int)over["ratings"]!["red"]!["after"]!));
        Assert.Equal((1500, 1338), ((int)over["ratings"]!["yellow"]!["before"]!, (int)over["ratings"]!["yellow"]!["after"]!));
        var state = await red.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
        Assert.Equal((1662, true), ((int)state["red"]!["rating"]!, (bool)state["red"]!["provisional"]!));

        await using var again = await TestClient.ConnectAsync(host.WsUri);
        var welcome = await again.RequestAsync(new JsonObject { ["type"] = "hello", ["token"] = red.Token }, "welcome");
        Assert.Equal((1662, true), ((int)welcome["rating"]!, (bool)welcome["provisional"]!));

        var profile = await yellow.RequestAsync(Profile(red.PlayerId), "profile");
        Assert.Equal(("alice", 1662, true, 1), ((string?)profile["name"], (int)profile["rating"]!, (bool)profile["provisional"]!, (int)profile["games"]!));
        Assert.Equal((1, 0, 0), ((int)profile["record"]!["wins"]!, (int)profile["record"]!["losses"]!, (int)profile["record"]!["draws"]!));
        Assert.Equal(1338, (int)(await yellow.RequestAsync(Profile(), "profile"))["rating"]!);
        Assert.Equal("not-found", await red.ErrorOfAsync(Profile("p-nobody-at-all")));
    }

    [Fact]
    public async Task An_unrated_game_leaves_ratings_alone()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "carol");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "dave");

        var (_, over) = await PlayResignedAsync(red, yellow, rated: false, redWins: false);

        Assert.Null(over["ratings"]);
        Assert.Equal(1500, (int)(await red.RequestAsync(Profile(), "profile"))["rating"]!);
    }

    [Fact]
    public async Task History_pages_go_newest_first_to_the_oldest()
    {
        await using var host = await StartHostAsync();
        await using var red = await TestClient.HelloAsync(host.WsUri, "erin");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "frank");
        var games = new List<string>();
        foreach (var (rated, redWins) in new[] { (false, true), (true, false), (false, true) })
        {
            games.Add((await PlayResignedAsync(red, yellow, rated, redWins)).GameId);
        }

        var first = await red.RequestAsync(History(2), "history");
        var page = first["games"]!.AsArray();
        Assert.Equal([games[2], games[1]], page.Select(g => (string)g!["gameId"]!));
        var ratedEntry = page[1]!;
        Assert.Equal(("red", "loss", "resign", true, 1500, 1338), ((string?)ratedEntry["color"], (string?)ratedEntry["result"], (string?)ratedEntry["reason"], (bool)ratedEntry["rated"]!, (int)ratedEntry["ratingBefore"]!, (int)ratedEntry["ratingAfter"]!));
        Assert.Equal((yellow.PlayerId, "frank"), ((string?)ratedEntry["opponent"]!["playerId"], (string?)ratedEntry["opponent"]!["name"]));
        Assert.Null(page[0]!["ratingBefore"]);

        var second = await red.RequestAsync(History(2, (long)first["next"]!), "history");
        Assert.Equal([games[0]], second["games"]!.AsArray().Select(g => (string)g!["gameId"]!));
        Assert.Null(second["next"]);
        Assert.Equal("win", (string?)(await yellow.RequestAsync(new JsonObject { ["type"] = "history", ["playerId"] = yellow.PlayerId }, "history"))["games"]![1]!["result"]);
        Assert.Equal("bad-request", await red.ErrorOfAsync(History(51)));
    }

    [Fact]
    public async Task A_finished_game_in_a_history_is_watched_and_analysed_by_its_id_alone_and_a_private_game_under_way_is_not()
    {
        await using var host = await StartHostAsync(Wire.NoRateLimit);
        await using var red = await TestClient.HelloAsync(host.WsUri, "ivan");
        await using var yellow = await TestClient.HelloAsync(host.WsUri, "judy");
        await using var stranger = await TestClient.HelloAsync(host.WsUri, "mallory");

        // A private game (not public, no key shared) that red wins with a vertical four.
        var gameId = await Wire.PlayVerticalFourAsync(red, yellow);
        var watchById = new JsonObject { ["type"] = "watch", ["gameId"] = gameId };
        var history = new JsonObject { ["type"] = "history", ["playerId"] = red.PlayerId, ["limit"] = 1 };
        var entry = (await stranger.RequestAsync(history, "history"))["games"]![0]!;
        Assert.Equal(gameId, (string?)entry["gameId"]);

        await stranger.RequestAsync(watchById, "watching");
        var snapshot = await stranger.NextAsync("game", gameId);
        Assert.Equal(("spectator", "over", "red", 7), ((string?)snapshot["you"], (string?)snapshot["status"], (string?)snapshot["result"], snapshot["moves"]!.AsArray().Count));
        var analysis = await stranger.RequestAsync(new JsonObject { ["type"] = "analyze", ["gameId"] = gameId, ["ply"] = 6 }, "analysis");
        Assert.Equal(6, (int)analysis["ply"]!);
        Assert.Contains(3, analysis["best"]!.AsArray().Select(c => (int)c!));

        var underWay = await red.RequestAsync(new JsonObject { ["type"] = "create" }, "created");
        await yellow.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)underWay["joinKey"]! }, "joined");
        Assert.Equal("not-found", await stranger.ErrorOfAsync(new JsonObject { ["type"] = "watch", ["gameId"] = (string)underWay["gameId"]! }));
    }

    [Fact]
    public async Task Players_enter_the_leaderboard_once_ranked()
    {
        await using var host = await StartHostAsync(Wire.NoRateLimit);
        await using var a = await TestClient.HelloAsync(host.WsUri, "grace");
        await using var b = await TestClient.HelloAsync(host.WsUri, "heidi");

        // Alternate wins keep both near 1500 while their deviations fall below 110.
        var played = 0;
        while ((bool)(await a.RequestAsync(Profile(), "profile"))["provisional"]! || (bool)(await b.RequestAsync(Profile(), "profile"))["provisional"]!)
        {
            Assert.True(played < 60, "Both players should stop being provisional within 60 rated games.");
            await PlayResignedAsync(a, b, rated: true, redWins: played++ % 2 == 0);
        }

        Assert.True(played >= 5);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        JsonArray players;
        do
        {
            players = (await a.RequestAsync(new JsonObject { ["type"] = "leaderboard", ["limit"] = 100 }, "leaderboard"))["players"]!.AsArray();
        }
        while (players.Count(p => (string?)p!["playerId"] == a.PlayerId || (string?)p!["playerId"] == b.PlayerId) < 2 && DateTime.UtcNow < deadline && await Delay());

        var ours = players.Where(p => (string?)p!["playerId"] == a.PlayerId || (string?)p!["playerId"] == b.PlayerId).ToList();
        Assert.Equal(2, ours.Count);
        Assert.All(ours, p => Assert.Equal(played, (int)p!["games"]!));
        Assert.True((int)ours[0]!["rank"]! < (int)ours[1]!["rank"]! && (int)ours[0]!["rating"]! >= (int)ours[1]!["rating"]!);
        Assert.Equal("bad-request", await a.ErrorOfAsync(new JsonObject { ["type"] = "leaderboard", ["limit"] = 0 }));
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}

public sealed class RatingsEmbeddedTests : RatingsTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class RatingsClusterTests(ClusterFixture fixture) : RatingsTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}
