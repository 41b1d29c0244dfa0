using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using static Connect4.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// The leaderboard and another player's profile on a page: two players driven over the native protocol (a browser would
/// take minutes to play the games a ranking needs) are ranked, and a stranger's page finds them, pages through a
/// history and replays a game from it by its id.
/// </summary>
[Collection(BrowserPages.Collection)]
public sealed class BrowserLeaderboardTests
{
    [Fact]
    public async Task A_stranger_opens_the_leaderboard_a_ranked_players_profile_and_history_and_replays_one_of_its_games()
    {
        await using var host = await GatewayHost.StartAsync(Wire.NoRateLimit);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var carol = await OpenPlayerAsync(browser, "Carol");
        var page = carol.Page;
        await page.GotoAsync(host.HttpUri.ToString());
        await WaitForOnlineAsync(carol);

        // Nobody is ranked on a new server.
        await OpenTabAsync(carol, "leaderboard");
        await Expect(page.Locator("#leaderboard-status")).ToHaveTextAsync("No ranked players yet.", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#leaderboard-table")).ToBeHiddenAsync();

        await using var grace = await TestClient.HelloAsync(host.WsUri, "grace");
        await using var heidi = await TestClient.HelloAsync(host.WsUri, "heidi");
        var played = await RankBothAsync(grace, heidi, atLeast: 21);
        Assert.True(played + 1 <= 40, $"{played + 1} games make more than the two history pages this test reads.");
        var lastGameId = await Wire.PlayVerticalFourAsync(red: grace, yellow: heidi, new JsonObject { ["rated"] = true });
        await WaitRankedAsync(grace, played + 1, grace.PlayerId, heidi.PlayerId);

        await page.Locator("#leaderboard-refresh").ClickAsync();
        var rows = page.Locator("#leaderboard > tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#leaderboard-status")).ToBeEmptyAsync();
        await Expect(rows.Locator("td:nth-child(1)")).ToHaveTextAsync(["1", "2"]);
        Assert.Equal(["grace", "heidi"], (await rows.Locator("td:nth-child(2)").AllTextContentsAsync()).Order());
        await Expect(rows.Locator("td:nth-child(4)")).ToHaveTextAsync([$"{played + 1}", $"{played + 1}"]);

        // Grace's profile: settled rating, and her games a page at a time.
        await rows.Locator("td:nth-child(2) button", new() { HasText = "grace" }).ClickAsync();
        await Expect(page.Locator("#profile-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#profile-title")).ToHaveTextAsync("grace", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#profile-rating")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.Locator("#profile-provisional")).ToHaveTextAsync("No");
        await Expect(page.Locator("#profile-games")).ToHaveTextAsync($"{played + 1}");
        var entries = page.Locator("#history > li");
        await Expect(entries).ToHaveCountAsync(20, new() { Timeout = StepTimeoutMs });
        await page.Locator("#history-more").ClickAsync();
        await Expect(entries).ToHaveCountAsync(played + 1, new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#history-more")).ToBeHiddenAsync();

        // The newest is the game won with four: the stranger replays it by its id and may analyse it.
        var newest = entries.First;
        Assert.Equal(lastGameId, await newest.GetAttributeAsync("data-game-id"));
        await Expect(newest.Locator(".h-result")).ToHaveTextAsync("Won");
        await Expect(newest.Locator(".h-opponent-name")).ToHaveTextAsync("heidi");
        await Expect(newest.Locator(".h-rating")).ToHaveTextAsync(new Regex(@"^\d+ → \d+ \(\+\d+\)$"));
        await newest.Locator(".h-open").ClickAsync();
        await Expect(page.Locator("#play-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#you")).ToHaveTextAsync("spectator", new() { Timeout = StepTimeoutMs });
        await WaitForPlyAsync(carol, 7);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Red wins");
        await Expect(page.Locator("#seat-a-name")).ToHaveTextAsync("grace");
        await Expect(page.Locator(".cell.win")).ToHaveCountAsync(4);
        await page.Locator("#analyze").ClickAsync();
        await Expect(page.Locator("#analysis > li[data-ply=\"6\"]")).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });

        await CloseAsync(carol);
    }

    /// <summary>
    /// Rated games by resignation, the winner alternating so both stay near 1500, until neither is provisional and at
    /// least <paramref name="atLeast"/> were played; returns how many were.
    /// </summary>
    private static async Task<int> RankBothAsync(TestClient a, TestClient b, int atLeast)
    {
        var played = 0;
        while (played < atLeast || await ProvisionalAsync(a) || await ProvisionalAsync(b))
        {
            Assert.True(played < 60, "Both players should stop being provisional within 60 rated games.");
            await RatingsTests.PlayResignedAsync(a, b, rated: true, redWins: played++ % 2 == 0);
        }

        return played;
    }

    private static async Task<bool> ProvisionalAsync(TestClient player) =>
        (bool)(await player.RequestAsync(new JsonObject { ["type"] = "profile" }, "profile"))["provisional"]!;

    /// <summary>
    /// Waits (the board reflects a rated game within a second or so) until every one of <paramref name="playerIds"/> is on
    /// the leaderboard with <paramref name="games"/> rated games.
    /// </summary>
    private static async Task WaitRankedAsync(TestClient asker, int games, params string[] playerIds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var players = (await asker.RequestAsync(new JsonObject { ["type"] = "leaderboard" }, "leaderboard"))["players"]!.AsArray();
            var ranked = players.Where(p => (int)p!["games"]! == games).Select(p => (string?)p!["playerId"]).ToHashSet();
            if (playerIds.All(ranked.Contains))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Players {string.Join(", ", playerIds)} were not all on the leaderboard with {games} games within 10 s: {players.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
