using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>What the browser tests of quick play, ratings, profiles, the leaderboard and live games share.</summary>
internal static partial class BrowserPages
{
    public const string LookingForAnOpponent = "Looking for an opponent…";

    /// <summary>Presses Play now with the clock preset <paramref name="clock"/> (a value of the create form's clock list) and the rated choice.</summary>
    public static async Task PressPlayNowAsync(Player player, string clock, bool rated)
    {
        var page = player.Page;
        await page.Locator("#seek-clock").SelectOptionAsync(clock);
        await page.Locator("#seek-rated").SetCheckedAsync(rated);
        await page.Locator("#seek").ClickAsync();
    }

    /// <summary>Presses Play now (see <see cref="PressPlayNowAsync"/>) when nobody else seeks, and waits for the waiting state.</summary>
    public static async Task PlayNowAsync(Player player, string clock, bool rated)
    {
        var page = player.Page;
        await PressPlayNowAsync(player, clock, rated);
        await Expect(page.Locator("#seek-status")).ToHaveTextAsync(LookingForAnOpponent, new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#seeking")).ToBeVisibleAsync();
        await Expect(page.Locator("#seek-form")).ToBeHiddenAsync();
    }

    /// <summary>Waits until <paramref name="player"/>'s page shows the game it was paired into, and returns its colour.</summary>
    public static async Task<string> WaitPairedAsync(Player player)
    {
        var page = player.Page;
        await Expect(page.Locator("#you")).ToHaveTextAsync(SeatColour(), new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#play-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#seek-status")).ToHaveTextAsync("Opponent found.");
        await Expect(page.Locator("#seek-form")).ToBeVisibleAsync();
        return (await page.Locator("#you").TextContentAsync())!;
    }

    /// <summary>Presses the top bar's tab of <paramref name="view"/> (play, profile, leaderboard, live) and waits for the view.</summary>
    public static async Task OpenTabAsync(Player player, string view)
    {
        await player.Page.Locator($".view-tab[data-view=\"{view}\"]").ClickAsync();
        await Expect(player.Page.Locator($"#{view}-view")).ToBeVisibleAsync(new() { Timeout = StepTimeoutMs });
        await Expect(player.Page.Locator($".view-tab[data-view=\"{view}\"]")).ToHaveAttributeAsync("aria-current", "page");
    }

    /// <summary>Plays <paramref name="columns"/> in turn, red first, and waits until both pages show every move.</summary>
    public static async Task PlayMovesAsync(Player red, Player yellow, params int[] columns)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            await PlayAsync(i % 2 == 0 ? red : yellow, columns[i]);
            await WaitForPlyAsync(red, i + 1);
            await WaitForPlyAsync(yellow, i + 1);
        }
    }

    [GeneratedRegex("^(red|yellow)$")]
    public static partial Regex SeatColour();
}
