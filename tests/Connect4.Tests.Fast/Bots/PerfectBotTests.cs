using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Connect4.Tests.Bots;

/// <summary>
/// Level 5 as red from the empty board, and as yellow, against 200 opponents each: 100 that play at random and 100
/// that search 1 to 6 plies ahead with random ties. Each of the bot's moves must keep the position's exact score (by
/// the opening book, else by the solver with no time limit), so it never lets a win slip or a draw turn into a loss,
/// wins as fast as the opponent allows and loses as slowly; the empty board is a win for red, so as red it wins
/// every game. Every move must also come within a second.
/// </summary>
[Collection(BotTimingCollection.Name)]
public sealed class PerfectBotTests(ITestOutputHelper output)
{
    private const int Opponents = 200;

    [Theory]
    [InlineData(Disc.Red)]
    [InlineData(Disc.Yellow)]
    public async Task Level_five_keeps_the_exact_score_with_every_move_and_as_red_wins_every_game(Disc botColor)
    {
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        var referee = new Solver();
        var plies = new List<int>();
        var results = new Dictionary<string, int>();
        var slowest = 0.0;
        for (var opponent = 0; opponent < Opponents; opponent++)
        {
            var random = new Random(opponent);
            var depth = opponent < Opponents / 2 ? 0 : 1 + (opponent % 6);
            var board = Board.Empty;
            var winner = (Disc?)null;
            var moves = "";
            var held = int.MinValue;
            while (winner is null && !board.IsFull)
            {
                int column;
                if (board.ToMove == botColor)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    column = await bot.ChooseMove(board, 5);
                    slowest = Math.Max(slowest, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    int? best, played;
                    if (OpeningBook.Shipped.TryGetScores(board, out var booked))
                    {
                        // The book scores the best move (with its exact score), and in the first plies every column.
                        (best, played) = (booked.Max(), booked[column]);
                    }
                    else
                    {
                        best = referee.Solve(board);
                        played = board.IsWinningMove(column) ? (Board.MaxPly + 1 - board.Ply) / 2 : -referee.Solve(board.Play(column));
                    }

                    Assert.True(
                        played == best,
                        $"opponent {opponent}, moves '{moves}': the bot played column {column + 1} scoring {played?.ToString() ?? "(not in the book)"}, "
                        + $"the position scores {best}");
                    held = Math.Max(held, best!.Value);
                }
                else
                {
                    column = depth == 0 ? RandomLegal(board, random) : HeuristicSearch.BestByDepth(board, Legal(board), depth, random);
                }

                if (board.IsWinningMove(column))
                {
                    winner = board.ToMove;
                }

                board = board.Play(column);
                moves += (char)('1' + column);
            }

            // Keeping the score, a bot that once held a win wins and one that held a draw does not lose. Red holds a
            // win from the empty board.
            var result = winner == botColor ? "won" : winner is null ? "drawn" : "lost";
            Assert.True(
                held > 0 ? result == "won" : held == 0 ? result != "lost" : true,
                $"opponent {opponent} (depth {depth}): the bot held a score of {held} and the game ended {result} after {board.Ply} moves ({moves})");
            Assert.True(botColor == Disc.Yellow || result == "won", $"opponent {opponent}: red {result}");
            results[result] = results.GetValueOrDefault(result) + 1;
            plies.Add(board.Ply);
        }

        output.WriteLine(
            $"{botColor}: {string.Join(", ", results.Select(r => $"{r.Value} {r.Key}"))}; moves per game: min {plies.Min()}, "
            + $"mean {plies.Average():F1}, max {plies.Max()}; slowest move {slowest:F0} ms");
        Assert.True(slowest < 1000, $"the slowest move took {slowest:F0} ms");
    }

    private static List<int> Legal(Board board) => [.. Enumerable.Range(0, Board.Columns).Where(board.CanPlay)];

    private static int RandomLegal(Board board, Random random)
    {
        var legal = Legal(board);
        return legal[random.Next(legal.Count)];
    }
}
