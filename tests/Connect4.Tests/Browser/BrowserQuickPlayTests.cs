using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using static Connect4.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// The page's side of protocol sections 12 to 14 with real pages against an embedded gateway: Play now pairs two pages
/// into a rated game whose rating change both see, and that both then find in their history; a search cancelled;
/// a live game watched from a third page's list.
/// </summary>
[Collection(BrowserPages.Collection)]
public sealed class BrowserQuickPlayTests
{
    [Fact]
    public async Task Two_pages_press_play_now_are_paired_play_to_the_end_and_see_the_rating_change_and_the_game_in_their_history()
    {
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");
        foreach (var player in new[] { alice, bob })
        {
            await player.Page.GotoAsync(host.HttpUri.ToString());
            await WaitForOnlineAsync(player);
            // A new player's own rating, marked provisional, with the reason in its title.
            await Expect(player.Page.Locator("#my-rating")).ToHaveTextAsync("1500?", new() { Timeout = StepTimeoutMs });
            await Expect(player.Page.Locator("#my-rating")).ToHaveAttributeAsync("title", new Regex("provisional"));
            // The quick-play clocks are the create form's presets, without the custom one.
            Assert.Equal(["none", "60+0", "180+2", "300+0", "600+5"], await player.Page.Locator("#seek-clock option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)"));
        }

        await PlayNowAsync(alice, "180+2", rated: true);
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync(LookingForAnOpponent);
        await PressPlayNowAsync(bob, "180+2", rated: true);
        var colours = new Dictionary<Player, string> { [alice] = await WaitPairedAsync(alice), [bob] = await WaitPairedAsync(bob) };
        Assert.NotEqual(colours[alice], colours[bob]);
        var red = colours[alice] == "red" ? alice : bob;
        var yellow = red == alice ? bob : alice;

        // Both seats show their ratings beside the names; the game is timed by the preset.
        foreach (var (player, opponent) in new[] { (alice, bob), (bob, alice) })
        {
            await Expect(player.Page.Locator("#seat-a-name")).ToHaveTextAsync(player.Name);
            await Expect(player.Page.Locator("#opponent")).ToHaveTextAsync(opponent.Name, new() { Timeout = StepTimeoutMs });
            await Expect(player.Page.Locator("#seat-a-rating")).ToHaveTextAsync("1500?");
            await Expect(player.Page.Locator("#seat-b-rating")).ToHaveTextAsync("1500?");
            await Expect(player.Page.Locator("#seat-b-rating")).ToHaveAttributeAsync("title", new Regex("^Rating 1500, provisional"));
            await Expect(player.Page.Locator("#rating-change")).ToBeHiddenAsync();
        }

        // The preset's clock: yellow's waits at 3:00 while red's runs.
        await Expect(yellow.Page.Locator("#seat-a-clock")).ToHaveTextAsync("3:00");
        await Expect(red.Page.Locator("#seat-b-clock")).ToHaveTextAsync("3:00");

        // Red's vertical four in column 3.
        await PlayMovesAsync(red, yellow, 3, 4, 3, 4, 3, 4, 3);
        await Expect(red.Page.Locator("#status")).ToHaveTextAsync("You win", new() { Timeout = StepTimeoutMs });
        await Expect(yellow.Page.Locator("#status")).ToHaveTextAsync("You lose", new() { Timeout = StepTimeoutMs });

        // Both pages show both changes (Glicko-2: two new players, one game), then the winner's own rating moved.
        string[] changes = [$"{red.Name} 1500 → 1662 (+162)", $"{yellow.Name} 1500 → 1338 (−162)"];
        foreach (var player in new[] { red, yellow })
        {
            await Expect(player.Page.Locator("#rating-change .rating-step")).ToHaveTextAsync(changes, new() { Timeout = StepTimeoutMs });
        }

        await Expect(red.Page.Locator("#my-rating")).ToHaveTextAsync("1662?", new() { Timeout = StepTimeoutMs });
        await Expect(yellow.Page.Locator("#my-rating")).ToHaveTextAsync("1338?", new() { Timeout = StepTimeoutMs });
        await Expect(red.Page.Locator("#seat-a-rating")).ToHaveTextAsync("1662?", new() { Timeout = StepTimeoutMs });

        // Each finds the game in its history, on its own profile.
        foreach (var (player, opponent, result, change, record) in new[]
        {
            (red, yellow, "Won", "1500 → 1662 (+162)", "1 won, 0 lost, 0 drawn"),
            (yellow, red, "Lost", "1500 → 1338 (−162)", "0 won, 1 lost, 0 drawn"),
        })
        {
            var page = player.Page;
            await OpenTabAsync(player, "profile");
            await Expect(page.Locator("#profile-title")).ToHaveTextAsync($"{player.Name} (you)", new() { Timeout = StepTimeoutMs });
            await Expect(page.Locator("#profile-record")).ToHaveTextAsync(record);
            await Expect(page.Locator("#profile-games")).ToHaveTextAsync("1");
            await Expect(page.Locator("#profile-provisional")).ToHaveTextAsync(new Regex("^Yes"));
            var entry = page.Locator("#history > li");
            await Expect(entry).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });
            await Expect(entry.Locator(".h-result")).ToHaveTextAsync(result);
            await Expect(entry.Locator(".h-opponent-name")).ToHaveTextAsync(opponent.Name);
            await Expect(entry.Locator(".h-reason")).ToHaveTextAsync("four in a row");
            await Expect(entry.Locator(".h-rating")).ToHaveTextAsync(change);
            await Expect(entry.Locator(".h-moves")).ToHaveTextAsync("7 moves");
            await Expect(entry.Locator(".h-date")).Not.ToBeEmptyAsync();
            await Expect(page.Locator("#history-more")).ToBeHiddenAsync();
            await Expect(page.Locator("#play-view")).ToBeHiddenAsync();
        }

        // The loser opens the winner's profile from the entry, then replays the game from it.
        await yellow.Page.Locator("#history .h-opponent-name").ClickAsync();
        await Expect(yellow.Page.Locator("#profile-title")).ToHaveTextAsync(red.Name, new() { Timeout = StepTimeoutMs });
        await Expect(yellow.Page.Locator("#profile-rating")).ToHaveTextAsync("1662?");
        await Expect(yellow.Page.Locator("#history .h-result")).ToHaveTextAsync("Won", new() { Timeout = StepTimeoutMs });
        await yellow.Page.Locator("#history .h-open").ClickAsync();
        await Expect(yellow.Page.Locator("#play-view")).ToBeVisibleAsync();
        await Expect(yellow.Page.Locator("#status")).ToHaveTextAsync("You lose", new() { Timeout = StepTimeoutMs });
        await WaitForPlyAsync(yellow, 7);
        await Expect(yellow.Page.Locator("#analyze")).ToBeVisibleAsync();

        await CloseAsync(alice, bob);
    }

    [Fact]
    public async Task A_search_is_cancelled_a_later_one_pairs_and_a_third_page_watches_the_game_from_the_live_list()
    {
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");
        var carol = await OpenPlayerAsync(browser, "Carol");
        foreach (var player in new[] { alice, bob, carol })
        {
            await player.Page.GotoAsync(host.HttpUri.ToString());
            await WaitForOnlineAsync(player);
        }

        // No public game yet: the live list says so.
        await OpenTabAsync(carol, "live");
        await Expect(carol.Page.Locator("#live-status")).ToHaveTextAsync("No public games are being played right now.", new() { Timeout = StepTimeoutMs });

        // Alice seeks, waits a second, and cancels: the card is back to Play now.
        await PlayNowAsync(alice, "none", rated: false);
        await Expect(alice.Page.Locator("#seek-elapsed")).ToHaveTextAsync("1 s", new() { Timeout = StepTimeoutMs });
        await alice.Page.Locator("#unseek").ClickAsync();
        await Expect(alice.Page.Locator("#seek-status")).ToHaveTextAsync("Search cancelled.", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#seek-form")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#seeking")).ToBeHiddenAsync();

        // The seek is gone from the server: Bob, seeking in the same pool, waits past the second within which two
        // compatible seeks are paired.
        await PlayNowAsync(bob, "none", rated: false);
        await Expect(bob.Page.Locator("#seek-elapsed")).ToHaveTextAsync("2 s", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#seek-status")).ToHaveTextAsync(LookingForAnOpponent);
        await Expect(alice.Page.Locator("#seek-form")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#you")).ToHaveTextAsync("—");

        // A later Play now pairs them.
        await PressPlayNowAsync(alice, "none", rated: false);
        var aliceColour = await WaitPairedAsync(alice);
        await WaitPairedAsync(bob);
        var (red, yellow) = aliceColour == "red" ? (alice, bob) : (bob, alice);
        await PlayMovesAsync(red, yellow, 2);

        // The game is public: it is in Carol's live list, and Watch opens it.
        await carol.Page.Locator("#live-refresh").ClickAsync();
        var item = carol.Page.Locator("#live-games > li");
        await Expect(item).ToHaveCountAsync(1, new() { Timeout = StepTimeoutMs });
        await Expect(item.Locator(".live-name")).ToHaveTextAsync([red.Name, yellow.Name]);
        await Expect(item.Locator(".rating")).ToHaveTextAsync(["1500?", "1500?"]);
        await Expect(item.Locator(".live-details")).ToContainTextAsync("Untimed");
        await item.Locator(".live-watch").ClickAsync();
        await Expect(carol.Page.Locator("#play-view")).ToBeVisibleAsync();
        await Expect(carol.Page.Locator("#you")).ToHaveTextAsync("spectator", new() { Timeout = StepTimeoutMs });
        await Expect(carol.Page.Locator("#seat-a-name")).ToHaveTextAsync(red.Name);
        await Expect(carol.Page.Locator("#opponent")).ToHaveTextAsync(yellow.Name);
        await WaitForPlyAsync(carol, 1);

        // And follows it: the next move reaches the spectator.
        await PlayAsync(yellow, 3);
        await WaitForPlyAsync(carol, 2);

        await CloseAsync(alice, bob, carol);
    }
}
