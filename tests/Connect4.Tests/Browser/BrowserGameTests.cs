using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Connect4.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// The web page end to end: two headless Chromium pages (two players, separate storage) play a whole game
/// against an embedded gateway (see <see cref="BrowserPages"/> for what the browser tests need).
/// </summary>
[Collection(BrowserPages.Collection)]
public sealed partial class BrowserGameTests(ITestOutputHelper output)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Two_players_play_a_game_to_a_vertical_win_in_the_browser()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (Debian/Ubuntu: apt-get install chromium).");
        var shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"connect4-browser-{Guid.NewGuid():N}")).FullName;
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);

        var alice = await OpenPlayerAsync(browser, "Alice");
        var bob = await OpenPlayerAsync(browser, "Bob");

        // Alice creates a game as red and reads the invite link.
        await alice.Page.GotoAsync(host.HttpUri.ToString());
        await WaitForOnlineAsync(alice);
        await alice.Page.Locator("#color").SelectOptionAsync("red");
        await alice.Page.Locator("#create").ClickAsync();
        var invite = alice.Page.Locator("#invite-link");
        await Expect(invite).ToHaveValueAsync(JoinLink(), new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("Waiting for an opponent", new() { Timeout = StepTimeoutMs });
        var inviteUrl = await invite.InputValueAsync();
        Assert.StartsWith(host.HttpUri.GetLeftPart(UriPartial.Authority), inviteUrl, StringComparison.Ordinal);

        // Bob opens the link and is seated as yellow.
        await bob.Page.GotoAsync(inviteUrl);
        await WaitForOnlineAsync(bob);
        await Expect(bob.Page.Locator("#you")).ToHaveTextAsync("yellow", new() { Timeout = StepTimeoutMs });
        await Expect(bob.Page.Locator("#status")).ToHaveTextAsync("Opponent's turn", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("Your turn", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator("#you")).ToHaveTextAsync("red");
        await Expect(alice.Page.Locator("#invite-row")).ToBeHiddenAsync(new() { Timeout = StepTimeoutMs });

        // Red 3,3,3,3 against yellow 4,4,4: four in column 3 on red's fourth move.
        int[] columns = [3, 4, 3, 4, 3, 4, 3];
        for (var i = 0; i < columns.Length; i++)
        {
            var mover = i % 2 == 0 ? alice : bob;
            // What a person waits for: the board takes a disc (it is this page's turn and nothing is in flight).
            await Expect(mover.Page.Locator("#board")).ToHaveClassAsync(CanPlay(), new() { Timeout = StepTimeoutMs });
            await mover.Page.Locator($".column[data-col=\"{columns[i]}\"]").ClickAsync();
            foreach (var player in new[] { alice, bob })
            {
                await WaitForPlyAsync(player, i + 1);
            }
        }

        // Both pages show the same discs, the result and the winning four.
        var expected = new Dictionary<(int Col, int Row), string>
        {
            [(3, 0)] = "red", [(3, 1)] = "red", [(3, 2)] = "red", [(3, 3)] = "red",
            [(4, 0)] = "yellow", [(4, 1)] = "yellow", [(4, 2)] = "yellow",
        };
        var winning = new HashSet<(int, int)> { (3, 0), (3, 1), (3, 2), (3, 3) };
        foreach (var (player, headline, opponent) in new[] { (alice, "You win", "Bob"), (bob, "You lose", "Alice") })
        {
            var page = player.Page;
            await Expect(page.Locator("#status")).ToHaveTextAsync(headline, new() { Timeout = StepTimeoutMs });
            await Expect(page.Locator("#status-detail")).ToHaveTextAsync("Four in a row!");
            await Expect(page.Locator("#board")).ToHaveClassAsync(HasLine(), new() { Timeout = StepTimeoutMs });
            await Expect(page.Locator("#opponent")).ToHaveTextAsync(opponent);
            await Expect(page.Locator("#seat-a-name")).ToHaveTextAsync(player.Name);
            await Expect(page.Locator("#resign")).ToBeHiddenAsync();

            var cells = await ReadCellsAsync(page);
            Assert.Equal(42, cells.Select(c => (c.Col, c.Row)).Distinct().Count());
            foreach (var cell in cells)
            {
                var where = $"{player.Name}'s page, cell col {cell.Col} row {cell.Row} (classes '{cell.Classes}')";
                var color = expected.GetValueOrDefault((cell.Col, cell.Row));
                Assert.True(cell.Has("red") == (color == "red"), $"{where}: expected red = {color == "red"}");
                Assert.True(cell.Has("yellow") == (color == "yellow"), $"{where}: expected yellow = {color == "yellow"}");
                Assert.True(cell.Has("win") == winning.Contains((cell.Col, cell.Row)), $"{where}: expected win = {winning.Contains((cell.Col, cell.Row))}");
            }
        }

        foreach (var player in new[] { alice, bob })
        {
            var file = Path.Combine(shots, $"{player.Name.ToLowerInvariant()}-end.png");
            await player.Page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 1000, $"{file}: a screenshot of {bytes.Length} bytes is too small");
            Assert.Equal(PngSignature, bytes.Take(PngSignature.Length).ToArray());
            output.WriteLine($"screenshot: {file} ({bytes.Length} bytes)");
        }

        // A reload brings the finished game back (the page keeps only its id; the welcome lists unfinished games).
        await alice.Page.ReloadAsync();
        await WaitForOnlineAsync(alice);
        await WaitForPlyAsync(alice, columns.Length);
        await Expect(alice.Page.Locator("#status")).ToHaveTextAsync("You win", new() { Timeout = StepTimeoutMs });
        await Expect(alice.Page.Locator(".cell.win")).ToHaveCountAsync(4, new() { Timeout = StepTimeoutMs });

        foreach (var player in new[] { alice, bob })
        {
            Assert.True(player.Errors.Count == 0, $"{player.Name}'s page reported errors:\n{string.Join('\n', player.Errors)}");
            await player.Context.CloseAsync();
        }
    }

    private sealed record Cell(int Col, int Row, string Classes)
    {
        public bool Has(string name) => Classes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(name);
    }

    private static async Task<List<Cell>> ReadCellsAsync(IPage page)
    {
        var cells = await page.Locator("#board .cell[data-col][data-row]").EvaluateAllAsync<CellData[]>(
            "els => els.map(e => ({ col: Number(e.dataset.col), row: Number(e.dataset.row), classes: e.className }))");
        return [.. cells.Select(c => new Cell(c.Col, c.Row, c.Classes))];
    }

    private sealed class CellData
    {
        public int Col { get; set; }

        public int Row { get; set; }

        public string Classes { get; set; } = "";
    }

    [GeneratedRegex(@"(^|\s)has-line(\s|$)")]
    private static partial Regex HasLine();
}
