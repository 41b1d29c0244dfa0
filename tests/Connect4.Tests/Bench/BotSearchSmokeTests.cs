using Connect4.Tests.Infrastructure;
using Connect4.Tests.Solving;

namespace Connect4.Tests.Bench;

/// <summary>
/// <c>bench -- bot-search</c> on a small test set written here (endgames scored by exhaustive search, so the data
/// folder is not needed): a row of figures when every score is right, exit status 1 when one is not.
/// </summary>
public sealed class BotSearchSmokeTests
{
    [Fact]
    public async Task Bot_search_reports_a_row_per_set_and_fails_on_a_wrong_score()
    {
        var folder = Directory.CreateTempSubdirectory("c4-bot-search-");
        try
        {
            var random = new Random(5);
            var lines = Enumerable.Range(0, 12)
                .Select(_ => ExhaustiveSearch.RandomGame(random, 34))
                .Select(g => $"{g.Moves} {ExhaustiveSearch.Score(g.Position)}")
                .ToList();
            var file = Path.Combine(folder.FullName, "Test_Small");
            await File.WriteAllLinesAsync(file, lines);

            var (exit, output, errors) = await RunBench(folder.FullName);
            Assert.True(exit == 0, $"exit {exit}\n{output}\n{errors}");
            var row = output.Split('\n').Single(l => l.StartsWith("Test_Small", StringComparison.Ordinal));
            var figures = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            Assert.Equal(6, figures.Length);
            Assert.True(int.Parse(figures[0]) > 0, row);

            // One score off by one: reported, and the exit status says so.
            var parts = lines[0].Split(' ');
            lines[0] = $"{parts[0]} {int.Parse(parts[1]) + 1}";
            await File.WriteAllLinesAsync(file, lines);
            (exit, _, errors) = await RunBench(folder.FullName);
            Assert.Equal(1, exit);
            Assert.Contains(parts[0], errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunBench(string folder) =>
        ChildProcess.RunBenchAsync(TimeSpan.FromSeconds(120), "bot-search", folder);
}
