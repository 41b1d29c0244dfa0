using System.Globalization;
using System.Text.RegularExpressions;
using Connect4.Tests.Infrastructure;
using Microsoft.Playwright;
using static Connect4.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Connect4.Tests.Browser;

/// <summary>
/// The computer opponent and the analysis of a finished game, on a phone-sized page: the same helpers as the
/// two-player game (this is the other half of the class).
/// </summary>
public sealed partial class BrowserGameTests
{
    /// <summary>Long enough for every position of a long game at the server's 2 s analysis budget each.</summary>
    private const float AnalysisTimeoutMs = 180_000;

    [Fact]
    public async Task A_player_plays_the_level_1_computer_then_analyses_every_move_in_the_browser()
    {
        Assert.True(File.Exists(ChromiumPath), $"Chromium is needed at {ChromiumPath} (Debian/Ubuntu: apt-get install chromium).");
        await using var host = await GatewayHost.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var carol = await OpenPlayerAsync(browser, "Carol", new ViewportSize { Width = 360, Height = 740 });
        var page = carol.Page;

        // The level is offered only against the computer, 5 by default.
        await page.GotoAsync(host.HttpUri.ToString());
        await WaitForOnlineAsync(carol);
        await Expect(page.Locator("#level")).ToBeHiddenAsync();
        await page.Locator("#opponent-kind").SelectOptionAsync("bot");
        await Expect(page.Locator("#level")).ToBeVisibleAsync();
        await Expect(page.Locator("#level")).ToHaveValueAsync("5");
        await page.Locator("#level").SelectOptionAsync("1");
        await page.Locator("#color").SelectOptionAsync("red");
        await page.Locator("#create").ClickAsync();

        // The game starts at once: nothing to share, the computer is seated and online.
        await Expect(page.Locator("#status")).ToHaveTextAsync("Your turn", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#opponent")).ToHaveTextAsync("Computer (level 1)");
        await Expect(page.Locator("#seat-b")).ToHaveAttributeAsync("data-presence", "online");
        await Expect(page.Locator("#invite-row")).ToBeHiddenAsync();
        await Expect(page.Locator("#analyze")).ToBeHiddenAsync();
        // Nobody would answer: no chat with the computer, and an untimed game shows no clocks.
        await Expect(page.Locator("#chat-card")).ToBeHiddenAsync();
        await Expect(page.Locator("#seat-a-clock")).ToBeHiddenAsync();

        var moves = await PlayTheComputerToTheEndAsync(carol);
        await Expect(page.Locator("#status")).ToHaveTextAsync(GameResult());
        await Expect(page.Locator("#resign")).ToBeHiddenAsync();

        var analyze = page.Locator("#analyze");
        await Expect(analyze).ToHaveTextAsync("Analyse the game", new() { Timeout = StepTimeoutMs });
        // Every progress line shown, as the page shows it (the requests go from the last move back).
        await page.EvaluateAsync(
            "() => { const el = document.getElementById('analysis-status'); window.progress = [];"
            + " new MutationObserver(() => window.progress.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true }); }");
        await analyze.ClickAsync();
        await Expect(page.Locator("#analysis-status")).ToHaveAttributeAsync("data-state", "done", new() { Timeout = AnalysisTimeoutMs });
        var progress = await page.EvaluateAsync<string[]>("() => window.progress");
        Assert.Equal($"Analysing move {moves} of {moves}\u2026", progress[0]);
        Assert.StartsWith("Done.", progress[^1], StringComparison.Ordinal);
        await Expect(page.Locator("#analysis > li")).ToHaveCountAsync(moves);
        await Expect(analyze).ToBeHiddenAsync();

        var rows = await ReadAnalysisRowsAsync(page);
        Assert.Equal(Enumerable.Range(0, moves), rows.Select(r => r.Ply));
        Assert.Contains(rows, r => r.Played is not null && r.Best is not null); // the late positions are always solved
        foreach (var row in rows)
        {
            var where = $"analysis row for ply {row.Ply} ('{row.Text}')";
            Assert.Matches(ScoreText(), row.PlayedText);
            Assert.Equal(row.Played is null ? "?" : FormatScore(row.Played.Value), row.PlayedText);
            var mistake = row.Played is { } played && row.Best is { } best && played < best;
            Assert.True(row.Mistake == mistake, $"{where}: expected mistake = {mistake}");
            Assert.Equal(mistake ? "Mistake" : "", row.MarkText);
            await CheckColumnScoresAsync(carol, row);
        }

        var mistakes = rows.Count(r => r.Mistake);
        await Expect(page.Locator("#analysis > li.mistake")).ToHaveCountAsync(mistakes);
        output.WriteLine($"{moves} moves, {mistakes} mistakes: {string.Join(", ", rows.Select(r => r.Text))}");

        var shot = Path.Combine(Path.GetTempPath(), $"connect4-analysis-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        output.WriteLine($"screenshot: {shot}");

        // Back to the end of the game; nothing on the page is wider than the phone.
        await page.Locator("#analysis-end").ClickAsync();
        await WaitForPlyAsync(carol, moves);
        await Expect(page.Locator("#column-scores")).ToBeHiddenAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 360, $"the page is {width} px wide on a 360 px screen");

        // Against the computer a rematch starts at once, colours swapped: the computer, red now, moves first.
        await page.Locator("#rematch-offer").ClickAsync();
        await Expect(page.Locator("#you")).ToHaveTextAsync("yellow", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#opponent")).ToHaveTextAsync("Computer (level 1)");
        await WaitForPlyAsync(carol, 1);
        await Expect(page.Locator("#status")).ToHaveTextAsync("Your turn", new() { Timeout = StepTimeoutMs });
        await Expect(page.Locator("#rematch")).ToBeHiddenAsync();

        Assert.True(carol.Errors.Count == 0, $"{carol.Name}'s page reported errors:\n{string.Join('\n', carol.Errors)}");
        await carol.Context.CloseAsync();
    }

    /// <summary>Drops a disc in the leftmost column with room, each time the board takes one, until the game ends; returns the moves played.</summary>
    private static async Task<int> PlayTheComputerToTheEndAsync(Player player)
    {
        var page = player.Page;
        var board = page.Locator("#board");
        for (var turn = 0; ; turn++)
        {
            Assert.True(turn <= 21, "the game did not end after 21 moves of red");
            await page.WaitForFunctionAsync(
                "() => document.getElementById('board').classList.contains('can-play')"
                + " || ['won', 'lost', 'over'].includes(document.getElementById('status').dataset.tone)",
                null,
                new PageWaitForFunctionOptions { Timeout = StepTimeoutMs });
            var ply = int.Parse(await board.GetAttributeAsync("data-ply") ?? "", CultureInfo.InvariantCulture);
            if (!await board.EvaluateAsync<bool>("b => b.classList.contains('can-play')"))
            {
                return ply;
            }

            var column = await page.EvaluateAsync<int>(
                "() => [...document.querySelectorAll('#board .column')].findIndex(c => c.querySelectorAll('.cell.red, .cell.yellow').length < 6)");
            await page.Locator($".column[data-col=\"{column}\"]").ClickAsync();
            // The computer may answer before this looks: the move is in once the board is past `ply`.
            await page.WaitForFunctionAsync(
                "ply => Number(document.getElementById('board').dataset.ply) > ply",
                ply,
                new PageWaitForFunctionOptions { Timeout = StepTimeoutMs });
        }
    }

    /// <summary>
    /// Picks the row: the board goes back to the position before that move and shows the seven values above it,
    /// which must agree with the row (the played column's value, the best value, the highlighted columns).
    /// </summary>
    private static async Task CheckColumnScoresAsync(Player player, AnalysisRow row)
    {
        var page = player.Page;
        await page.Locator($"#analysis > li[data-ply=\"{row.Ply}\"] button").ClickAsync();
        await WaitForPlyAsync(player, row.Ply);
        await Expect(page.Locator($"#analysis > li[data-ply=\"{row.Ply}\"]")).ToHaveClassAsync(Picked());
        var cells = await page.Locator("#column-scores .column-score").EvaluateAllAsync<ColumnScoreData[]>(
            "els => els.map(e => ({ col: Number(e.dataset.col), score: e.dataset.score, best: e.classList.contains('best'), text: e.textContent }))");
        Assert.Equal(Enumerable.Range(0, 7), cells.Select(c => c.Col));
        var scores = cells.Select(c => ParseScore(c.Score)).ToArray();
        var best = scores.Max();
        Assert.Equal(row.Played, scores[row.Column]);
        Assert.Equal(row.Best, best);
        foreach (var cell in cells)
        {
            var score = scores[cell.Col];
            Assert.True(cell.Best == (score is not null && score == best), $"ply {row.Ply}, column {cell.Col}: best is highlighted = {cell.Best}");
            Assert.True(cell.Text is "" or "?" || cell.Text == FormatScore(score!.Value), $"ply {row.Ply}, column {cell.Col}: shows '{cell.Text}'");
        }
    }

    private static async Task<List<AnalysisRow>> ReadAnalysisRowsAsync(IPage page)
    {
        var rows = await page.Locator("#analysis > li").EvaluateAllAsync<AnalysisRowData[]>(
            """
            els => els.map(e => ({
              ply: Number(e.dataset.ply), column: Number(e.dataset.column),
              played: e.dataset.playedScore, best: e.dataset.bestScore, mistake: e.classList.contains('mistake'),
              playedText: e.querySelector('.a-played').textContent, markText: e.querySelector('.a-mark').textContent,
              text: e.innerText.replace(/\s+/g, ' ').trim() }))
            """);
        return [.. rows.Select(r => new AnalysisRow(
            r.Ply, r.Column, ParseScore(r.Played), ParseScore(r.Best), r.Mistake, r.PlayedText, r.MarkText, r.Text))];
    }

    private static int? ParseScore(string? text) =>
        string.IsNullOrEmpty(text) ? null : int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>As the page writes a score: a sign before non-zero values, a true minus sign.</summary>
    private static string FormatScore(int score) => score switch
    {
        > 0 => $"+{score}",
        < 0 => $"\u2212{-score}",
        _ => "0",
    };

    private sealed record AnalysisRow(int Ply, int Column, int? Played, int? Best, bool Mistake, string PlayedText, string MarkText, string Text);

    private sealed class AnalysisRowData
    {
        public int Ply { get; set; }

        public int Column { get; set; }

        public string? Played { get; set; }

        public string? Best { get; set; }

        public bool Mistake { get; set; }

        public string PlayedText { get; set; } = "";

        public string MarkText { get; set; } = "";

        public string Text { get; set; } = "";
    }

    private sealed class ColumnScoreData
    {
        public int Col { get; set; }

        public string? Score { get; set; }

        public bool Best { get; set; }

        public string Text { get; set; } = "";
    }

    [GeneratedRegex(@"^(You win|You lose|Draw)$")]
    private static partial Regex GameResult();

    [GeneratedRegex(@"^([+\u2212]\d+|0|\?)$")]
    private static partial Regex ScoreText();

    [GeneratedRegex(@"(^|\s)picked(\s|$)")]
    private static partial Regex Picked();
}
