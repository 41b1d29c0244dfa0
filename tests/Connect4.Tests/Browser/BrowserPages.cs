using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// What the browser tests share: Debian's headless Chromium (at /usr/bin/chromium; CI: apt-get install chromium; the
/// Playwright driver, node and its package, comes with the NuGet package, copied to the output's .playwright/), a page per
/// player in a context of its own (its own storage, so its own player), and waits that say what the page showed when
/// they time out.
/// </summary>
internal static partial class BrowserPages
{
    /// <summary>The browser test classes run one after another: each drives a browser and a gateway of its own.</summary>
    public const string Collection = "browser";

    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long any single expected change on a page may take before the test fails.</summary>
    public const float StepTimeoutMs = 15_000;

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public sealed record Player(string Name, IBrowserContext Context, IPage Page, List<string> Errors);

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (Debian/Ubuntu: apt-get install chromium).");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
    }

    /// <summary>
    /// A fresh context (its own localStorage, so its own player) whose page asks for <paramref name="name"/>;
    /// a desktop window unless <paramref name="viewport"/> says otherwise.
    /// </summary>
    public static async Task<Player> OpenPlayerAsync(IBrowser browser, string name, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(StepTimeoutMs);
        // The page sends the stored name in its hello; storing it first is what typing it in and reloading does.
        await context.AddInitScriptAsync($"if (!localStorage.getItem('c4.name')) localStorage.setItem('c4.name', '{name}');");
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors) errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors) errors.Add($"uncaught: {error}");
        };
        return new Player(name, context, page, errors);
    }

    public static async Task WaitForOnlineAsync(Player player)
    {
        try
        {
            await player.Page.Locator("#connection[data-state=\"open\"]").WaitForAsync(new() { Timeout = StepTimeoutMs });
        }
        catch (TimeoutException)
        {
            var state = await player.Page.EvaluateAsync<string?>("() => document.getElementById('connection')?.dataset.state ?? null");
            Assert.Fail($"{player.Name}'s page did not connect within {StepTimeoutMs} ms (#connection data-state='{state}'). Errors: {string.Join("; ", player.Errors)}");
        }
    }

    public static async Task WaitForPlyAsync(Player player, int ply)
    {
        try
        {
            await player.Page.WaitForFunctionAsync(
                "ply => document.getElementById('board')?.dataset.ply === String(ply)",
                ply,
                new PageWaitForFunctionOptions { Timeout = StepTimeoutMs });
        }
        catch (TimeoutException)
        {
            var shown = await TextOfAsync(player.Page, "document.getElementById('board')?.dataset.ply");
            var status = await TextOfAsync(player.Page, "document.getElementById('status')?.textContent");
            var message = await TextOfAsync(player.Page, "document.getElementById('message')?.textContent");
            Assert.Fail($"{player.Name}'s board did not reach ply {ply} within {StepTimeoutMs} ms: data-ply='{shown}', "
                + $"#status='{status}', #message='{message}'. Errors: {string.Join("; ", player.Errors)}");
        }
    }

    public static Task<string?> TextOfAsync(IPage page, string expression) =>
        page.EvaluateAsync<string?>($"() => {expression} ?? null");

    /// <summary>
    /// <paramref name="creator"/> opens the page and creates a game as red (<paramref name="chooseClock"/> may pick a
    /// clock in the form first), <paramref name="joiner"/> opens its invite link and is seated as yellow; returns the
    /// watch link. Both pages show the game under way, red to move.
    /// </summary>
    public static async Task<string> StartGameAsync(GatewayHost host, Player creator, Player joiner, Func<IPage, Task>? chooseClock = null)
    {
        await creator.Page.GotoAsync(host.HttpUri.ToString());
        await WaitForOnlineAsync(creator);
        await creator.Page.Locator("#color").SelectOptionAsync("red");
        if (chooseClock is not null)
        {
            await chooseClock(creator.Page);
        }

        await creator.Page.Locator("#create").ClickAsync();
        var invite = creator.Page.Locator("#invite-link");
        await Expect(invite).ToHaveValueAsync(JoinLink(), new() { Timeout = StepTimeoutMs });
        var watchUrl = await creator.Page.Locator("#watch-link").InputValueAsync();

        await joiner.Page.GotoAsync(await invite.InputValueAsync());
        await WaitForOnlineAsync(joiner);
        await Expect(joiner.Page.Locator("#you")).ToHaveTextAsync("yellow", new() { Timeout = StepTimeoutMs });
        await Expect(joiner.Page.Locator("#status")).ToHaveTextAsync("Opponent's turn", new() { Timeout = StepTimeoutMs });
        await Expect(creator.Page.Locator("#status")).ToHaveTextAsync("Your turn", new() { Timeout = StepTimeoutMs });
        return watchUrl;
    }

    /// <summary>Waits until the board takes a disc from <paramref name="player"/>, then drops one in <paramref name="column"/>.</summary>
    public static async Task PlayAsync(Player player, int column)
    {
        await Expect(player.Page.Locator("#board")).ToHaveClassAsync(CanPlay(), new() { Timeout = StepTimeoutMs });
        await player.Page.Locator($".column[data-col=\"{column}\"]").ClickAsync();
    }

    public static async Task CloseAsync(params Player[] players)
    {
        foreach (var player in players)
        {
            Assert.True(player.Errors.Count == 0, $"{player.Name}'s page reported errors:\n{string.Join('\n', player.Errors)}");
            await player.Context.CloseAsync();
        }
    }

    [GeneratedRegex(@"/\?join=[^&\s]+$")]
    public static partial Regex JoinLink();

    [GeneratedRegex(@"(^|\s)can-play(\s|$)")]
    public static partial Regex CanPlay();
}

[CollectionDefinition(BrowserPages.Collection)]
public sealed class BrowserCollection;
