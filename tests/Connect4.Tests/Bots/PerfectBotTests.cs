using Connect4.GrainInterfaces;
using Connect4.Grains.Bots;
using Connect4.Grains.Rules;
using Connect4.Grains.Solving;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Connect4.Tests.Bots;

/// <summary>
/// Level 5 as red from the empty board, against 200 opponents: 100 that play at random and 100 that search 1 to 6
/// plies ahead with random ties. The empty board is a win for red, so a bot that never lets a win slip wins every
/// game; and each of its moves must keep the position's exact score (by the opening book, else by the solver with no
/// time limit), so it also wins as fast as the opponent allows.
/// </summary>
[Collection(BotTimingCollection.Name)]
public sealed class PerfectBotTests(ITestOutputHelper output)
{
    private const int Opponents = 200;

    [Fact]
    public async Task Level_five_as_red_wins_every_game_against_random_and_searching_opponents_with_only_best_moves()
    {
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        var referee = new Solver();
        var plies = new List<int>();
        for (var opponent = 0; opponent < Opponents; opponent++)
        {
            var random = new Random(opponent);
            var depth = opponent < Opponents / 2 ? 0 : 1 + (opponent % 6);
            var board = Board.Empty;
            var winner = (Color?)null;
            var moves = "";
            while (winner is null && !board.IsFull)
            {
                int column;
                if (board.ToMove == Color.Red)
                {
                    column = await bot.ChooseMove(board, 5);
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
                }
                else
                {
                    column = depth == 0 ? RandomLegal(board, random) : BotPlayer.BestByDepth(board, Legal(board), depth, random);
                }

                if (board.IsWinningMove(column))
                {
                    winner = board.ToMove;
                }

                board = board.Play(column);
                moves += (char)('1' + column);
            }

            Assert.True(winner == Color.Red, $"opponent {opponent} (depth {depth}): the game ended {winner?.ToString() ?? "drawn"} after {board.Ply} moves");
            plies.Add(board.Ply);
        }

        output.WriteLine($"{Opponents} games won; moves per game: min {plies.Min()}, mean {plies.Average():F1}, max {plies.Max()}");
    }

    private static List<int> Legal(Board board) => [.. Enumerable.Range(0, Board.Columns).Where(board.CanPlay)];

    private static int RandomLegal(Board board, Random random)
    {
        var legal = Legal(board);
        return legal[random.Next(legal.Count)];
    }
}
