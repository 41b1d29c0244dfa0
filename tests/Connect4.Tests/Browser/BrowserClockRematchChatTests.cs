using System.Globalization;
using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using static Connect4.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// The page's side of protocol version 2, sections 9 to 11, with two (or three) real pages against an embedded gateway:
/// a timed game lost on time, a claim against an opponent who left, a rematch declined then accepted, and chat.
/// </summary>
[Collection(BrowserPages.Collection)]
public sealed partial class BrowserClockRematchChatTests
{
    /// <summary>The shortest clock the server takes (15 s) plays out within this, with a margin for a slow machine.</summary>
    private const float FlagTimeoutMs = 40_000;

    [Fact]
    public async Task A_timed_game_on_a_custom_15_second_clock_is_lost_on_time_on_both_pages()
    {
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");

        await StartGameAsync(host, alice, bob, async page =>
        {
            // The custom fields appear only for the custom clock, and a time the server would refuse is not sent.
            await Expect(page.Locator("#clock-initial")).ToBeHiddenAsync();
            await page.Locator("#clock").SelectOptionAsync("custom");
            await page.Locator("#clock-initial").FillAsync("10");
            await page.Locator("#create").ClickAsync();
            Assert.False(await page.Locator("#clock-initial").EvaluateAsync<bool>("e => e.validity.valid"));
            await Expect(page.Locator("#status")).ToHaveTextAsync("Create a game and invite a friend");
            await page.Locator("#clock-initial").FillAsync("15");
            await page.Locator("#clock-increment").FillAsync("0");
        });

        // Red's clock runs from the join; yellow's waits at the full 15 s.
        var redClock = new Dictionary<Player, ILocator> { [alice] = alice.Page.Locator("#seat-a-clock"), [bob] = bob.Page.Locator("#seat-b-clock") };
        var yellowClock = new Dictionary<Player, ILocator> { [alice] = alice.Page.Locator("#seat-b-clock"), [bob] = bob.Page.Locator("#seat-a-clock") };
        foreach (var player in new[] { alice, bob })
        {
            await Expect(redClock[player]).ToHaveClassAsync(Running(), new() { Timeout = StepTimeoutMs });
            await Expect(yellowClock[player]).ToHaveTextAsync("0:15");
            await Expect(yellowClock[player]).Not.ToHaveClassAsync(Running());
        }

        // One move each: the clocks change sides, and the page counts the running one down by itself between messages.
        await PlayAsync(alice, 3);
        await Expect(yellowClock[bob]).ToHaveClassAsync(Running(), new() { Timeout = StepTimeoutMs });
        await Expect(redClock[bob]).Not.ToHaveClassAsync(Running());
        await PlayAsync(bob, 3);
        foreach (var player in new[] { alice, bob })
        {
            await WaitForPlyAsync(player, 2);
            await Expect(redClock[player]).ToHaveClassAsync(Running(), new() { Timeout = StepTimeoutMs });
            await Expect(yellowClock[player]).Not.ToHaveClassAsync(Running());
        }

        // Whole seconds over 10 s: readings 1.1 s apart each cross a second.
        var readings = await ReadClockAsync(redClock[alice], 3, 1100);

        Assert.True(readings.Zip(readings.Skip(1)).All(pair => pair.First > pair.Second), $"red's clock did not count down: {string.Join(", ", readings)}");
        Assert.InRange(readings[0], 5_000, 14_999);
        var yellowLeft = await yellowClock[alice].TextContentAsync() ?? "";
        Assert.Matches(WholeSeconds(), yellowLeft);
        Assert.Equal(yellowLeft, await yellowClock[bob].TextContentAsync());

        // Under 10 s red's clock turns red and shows tenths, on both pages.
        foreach (var player in new[] { alice, bob })
        {
            await Expect(redClock[player]).ToHaveClassAsync(Low(), new() { Timeout = FlagTimeoutMs });
            await Expect(redClock[player]).ToHaveTextAsync(Tenths(), new() { Timeout = StepTimeoutMs });
            await Expect(yellowClock[player]).Not.ToHaveClassAsync(Low());
        }

        // Tenths: readings 0.3 s apart each differ.
        var tenths = await ReadClockAsync(redClock[bob], 3, 300);
        Assert.True(tenths.Zip(tenths.Skip(1)).All(pair => pair.First > pair.Second), $"red's clock did not count tenths down: {string.Join(", ", tenths)}");

        // Nobody moves: red's flag falls, and the server ends the game.
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("You lose", new() { Timeout = FlagTimeoutMs });
        await Expect(alice.Page.Locator("#status-detail")).ToHaveTextAsync("You ran out of time.");
        await Expect(bob.Page.Locator("#status")).ToHaveTextAsync("You win", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#status-detail")).ToHaveTextAsync("Your opponent ran out of time.");
        foreach (var player in new[] { alice, bob })
        {
            await Expect(redClock[player]).ToHaveTextAsync("0:00");
            await Expect(redClock[player]).ToHaveClassAsync(Low());
            await Expect(redClock[player]).Not.ToHaveClassAsync(Running());
            await Expect(yellowClock[player]).ToHaveTextAsync(yellowLeft);
            await Expect(yellowClock[player]).Not.ToHaveClassAsync(Running());
            await Expect(player.Page.Locator("#resign")).ToBeHiddenAsync();
        }

        // The stopped clocks stay as they are.
        await Task.Delay(500);
        await Expect(yellowClock[alice]).ToHaveTextAsync(yellowLeft);

        await CloseAsync(alice, bob);
    }

    [Fact]
    public async Task A_player_claims_the_win_once_the_offline_opponent_has_been_away_for_the_wait()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Game:AbandonAfter"] = "00:00:04" });
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");
        await StartGameAsync(host, alice, bob);
        var claim = alice.Page.Locator("#claim");
        await Expect(claim).ToBeHiddenAsync();
        // An untimed game shows no clocks.
        await Expect(alice.Page.Locator("#seat-a-clock")).ToBeHiddenAsync();
        await Expect(alice.Page.Locator("#seat-b-clock")).ToBeHiddenAsync();

        // Bob leaves: the claim is offered with the wait counting down, then allowed.
        await bob.Context.CloseAsync();
        await Expect(alice.Page.Locator("#status-detail")).ToHaveTextAsync("Your opponent is offline.", new() { Timeout = StepTimeoutMs });
        await Expect(claim).ToBeVisibleAsync();
        await Expect(claim).ToBeDisabledAsync();
        await Expect(claim).ToHaveTextAsync(ClaimCountdown());
        await Expect(claim).ToBeEnabledAsync(new() { Timeout = StepTimeoutMs });
        await Expect(claim).ToHaveTextAsync("Claim the win");
        await claim.ClickAsync();

        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("You win", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#status-detail")).ToHaveTextAsync("Your opponent left the game.");
        await Expect(claim).ToBeHiddenAsync();
        Assert.True(bob.Errors.Count == 0, $"Bob's page reported errors:\n{string.Join('\n', bob.Errors)}");
        await CloseAsync(alice);
    }

    [Fact]
    public async Task A_rematch_declined_then_accepted_moves_both_pages_to_the_new_game_with_colours_swapped()
    {
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");
        await StartGameAsync(host, alice, bob);
        await Expect(alice.Page.Locator("#rematch")).ToBeHiddenAsync();

        await PlayAsync(alice, 3);
        await WaitForPlyAsync(bob, 1);
        await alice.Page.Locator("#resign").ClickAsync();
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("You lose", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#status")).ToHaveTextAsync("You win", new() { Timeout = StepTimeoutMs });

        // Bob offers; Alice declines.
        await bob.Page.Locator("#rematch-offer").ClickAsync();
        await Expect(bob.Page.Locator("#rematch-status")).ToHaveTextAsync("Rematch offered… waiting for your opponent.", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#rematch-offer")).ToBeHiddenAsync();
        await Expect(alice.Page.Locator("#rematch-status")).ToHaveTextAsync("Your opponent offers a rematch.", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#rematch-offer")).ToBeHiddenAsync();
        await alice.Page.Locator("#rematch-decline").ClickAsync();
        await Expect(alice.Page.Locator("#rematch-status")).ToHaveTextAsync("You declined the rematch.", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#rematch-status")).ToHaveTextAsync("Your opponent declined the rematch.", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#rematch-offer")).ToBeVisibleAsync();
        await Expect(alice.Page.Locator("#rematch-accept")).ToBeHiddenAsync();

        // Then Alice offers, and Bob accepts.
        await alice.Page.Locator("#rematch-offer").ClickAsync();
        await Expect(bob.Page.Locator("#rematch-accept")).ToBeVisibleAsync(new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#rematch-decline")).ToBeVisibleAsync();
        await bob.Page.Locator("#rematch-accept").ClickAsync();

        // Both pages move to the new game: colours swapped, an empty board, Bob (red now) to move.
        foreach (var (player, colour, headline) in new[] { (alice, "yellow", "Opponent's turn"), (bob, "red", "Your turn") })
        {
            await Expect(player.Page.Locator("#you")).ToHaveTextAsync(colour, new() { Timeout = StepTimeoutMs });
            await Expect(player.Page.Locator("#status")).ToHaveTextAsync(headline, new() { Timeout = StepTimeoutMs });
            await WaitForPlyAsync(player, 0);
            await Expect(player.Page.Locator("#rematch")).ToBeHiddenAsync();
            await Expect(player.Page.Locator("#resign")).ToBeVisibleAsync();
            // The finished game stays in the list, next to the new one, which is the one shown.
            await Expect(player.Page.Locator("#games > li")).ToHaveCountAsync(2, new() { Timeout = StepTimeoutMs });
            await Expect(player.Page.Locator("#games .game-select[aria-current=\"true\"] .game-state")).ToHaveTextAsync(headline);
        }

        await PlayAsync(bob, 2);
        await WaitForPlyAsync(alice, 1);
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("Your turn", new() { Timeout = StepTimeoutMs });

        // The finished game, looked at again, leads to its rematch.
        await alice.Page.Locator("#games .game-select:not([aria-current])").ClickAsync();
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("You lose");
        await Expect(alice.Page.Locator("#rematch-status")).ToHaveTextAsync("The rematch has started.");
        await alice.Page.Locator("#rematch-open").ClickAsync();
        await Expect(alice.Page.Locator("#you")).ToHaveTextAsync("yellow");
        await WaitForPlyAsync(alice, 1);

        await CloseAsync(alice, bob);
    }

    [Fact]
    public async Task Players_chat_in_their_room_spectators_in_theirs_and_markup_shows_as_text()
    {
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");
        var carol = await OpenPlayerAsync(browser, "Carol");
        var watchUrl = await StartGameAsync(host, alice, bob);
        await Expect(alice.Page.Locator("#chat-empty")).ToBeVisibleAsync();

        // Enter sends; the input empties once the server took the line.
        await alice.Page.Locator("#chat-input").FillAsync("Hello Bob, good luck!");
        await alice.Page.Locator("#chat-input").PressAsync("Enter");
        await Expect(alice.Page.Locator("#chat-input")).ToHaveValueAsync("", new() { Timeout = StepTimeoutMs });

        // Markup is text: the Send button sends it, and both pages show it literally, with no element made of it.
        const string markup = "<b>x</b> & <img src=x onerror=\"document.title='owned'\">";
        await bob.Page.Locator("#chat-input").FillAsync(markup);
        await bob.Page.Locator("#chat-send").ClickAsync();
        foreach (var player in new[] { alice, bob })
        {
            await Expect(player.Page.Locator("#chat-lines > li")).ToHaveCountAsync(2, new() { Timeout = StepTimeoutMs });
            var lines = await ChatLinesAsync(player.Page);
            Assert.Equal(new[] { ("Alice", "Hello Bob, good luck!"), ("Bob", markup) }, lines.Select(l => (l.Name, l.Text)));
            Assert.All(lines, l => Assert.Matches(ClockTime(), l.Time));
            await Expect(player.Page.Locator("#chat-lines b, #chat-lines img")).ToHaveCountAsync(0);
            await Expect(player.Page.Locator("#chat-empty")).ToBeHiddenAsync();
            Assert.NotEqual("owned", await player.Page.TitleAsync());
        }

        // A spectator reads and speaks in the spectators' room only.
        await carol.Page.GotoAsync(watchUrl);
        await WaitForOnlineAsync(carol);
        await Expect(carol.Page.Locator("#you")).ToHaveTextAsync("spectator", new() { Timeout = StepTimeoutMs });
        await Expect(carol.Page.Locator("#chat-room")).ToHaveTextAsync(new Regex("^Between spectators"));
        await Expect(carol.Page.Locator("#chat-lines > li")).ToHaveCountAsync(0);
        await carol.Page.Locator("#chat-input").FillAsync("Nice game from the stands");
        await carol.Page.Locator("#chat-input").PressAsync("Enter");
        await Expect(carol.Page.Locator("#chat-lines > li .chat-text")).ToHaveTextAsync(["Nice game from the stands"], new() { Timeout = StepTimeoutMs });
        await alice.Page.Locator("#chat-input").FillAsync("Did you see that?");
        await alice.Page.Locator("#chat-input").PressAsync("Enter");
        await Expect(bob.Page.Locator("#chat-lines > li")).ToHaveCountAsync(3, new() { Timeout = StepTimeoutMs });
        Assert.DoesNotContain(await ChatLinesAsync(bob.Page), l => l.Name == "Carol");
        await Expect(carol.Page.Locator("#chat-lines > li")).ToHaveCountAsync(1);

        // A reload brings the room's lines back from the snapshot.
        await bob.Page.ReloadAsync();
        await WaitForOnlineAsync(bob);
        await Expect(bob.Page.Locator("#chat-lines > li .chat-text")).ToHaveTextAsync(
            ["Hello Bob, good luck!", markup, "Did you see that?"], new() { Timeout = StepTimeoutMs });

        // Lines faster than the server's budget (a burst of 5, then one a second) are refused, and the page says so briefly.
        var error = bob.Page.Locator("#chat-error");
        for (var i = 0; i < 12 && !await error.IsVisibleAsync(); i++)
        {
            await bob.Page.Locator("#chat-input").FillAsync($"quick {i}");
            await bob.Page.Locator("#chat-input").PressAsync("Enter");
        }

        await Expect(error).ToHaveTextAsync("Too many messages: wait a second", new() { Timeout = StepTimeoutMs });
        await Expect(error).ToBeHiddenAsync(new() { Timeout = StepTimeoutMs });

        await CloseAsync(alice, bob, carol);
    }

    private static async Task<List<ChatLine>> ChatLinesAsync(IPage page)
    {
        var lines = await page.Locator("#chat-lines > li").EvaluateAllAsync<ChatLine[]>(
            "els => els.map(e => ({ name: e.querySelector('.chat-name').textContent, time: e.querySelector('.chat-time').textContent,"
            + " text: e.querySelector('.chat-text').textContent }))");
        return [.. lines];
    }

    private static async Task<List<int>> ReadClockAsync(ILocator clock, int count, int apartMs)
    {
        var readings = new List<int>();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(apartMs);
            }

            readings.Add(ClockMs(await clock.TextContentAsync()));
        }

        return readings;
    }

    /// <summary>A clock's text in milliseconds: m:ss, or 0:0s.t under 10 s.</summary>
    private static int ClockMs(string? text)
    {
        var match = ClockText().Match(text ?? "");
        Assert.True(match.Success, $"'{text}' is not a clock");
        var ms = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60 + int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)) * 1000;
        return match.Groups[3].Success ? ms + int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) * 100 : ms;
    }

    private sealed class ChatLine
    {
        public string Name { get; set; } = "";

        public string Time { get; set; } = "";

        public string Text { get; set; } = "";
    }

    [GeneratedRegex(@"^(\d+):(\d\d)(?:\.(\d))?$")]
    private static partial Regex ClockText();

    [GeneratedRegex(@"^0:1\d$")]
    private static partial Regex WholeSeconds();

    [GeneratedRegex(@"^0:0\d\.\d$")]
    private static partial Regex Tenths();

    [GeneratedRegex(@"^Claim the win in 0:0\d$")]
    private static partial Regex ClaimCountdown();

    [GeneratedRegex(@"^\d{1,2}:\d\d")]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"(^|\s)running(\s|$)")]
    private static partial Regex Running();

    [GeneratedRegex(@"(^|\s)low(\s|$)")]
    private static partial Regex Low();
}
