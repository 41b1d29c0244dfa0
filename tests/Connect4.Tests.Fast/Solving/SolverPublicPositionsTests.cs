using Connect4.Engine.Rules;
using Connect4.Tests.Infrastructure;
using Connect4.Engine.Solving;

namespace Connect4.Tests.Solving;

/// <summary>
/// The solver on Pascal Pons' 4000 public test positions (shared/data/connect4, see its README): every
/// published score exactly. One solver per file: the table is kept from one position to the next, which
/// is faster and must not change any result (the benchmark solves each from an empty table).
/// </summary>
public class SolverPublicPositionsTests
{
    [DataTheory]
    [InlineData("Test_L3_R1")] // End-Easy
    [InlineData("Test_L2_R1")] // Middle-Easy
    [InlineData("Test_L2_R2")] // Middle-Medium
    [InlineData("Test_L1_R1")] // Begin-Easy
    public void Every_position_solves_to_its_published_score(string file)
    {
        var solver = new Solver();
        var wrong = new List<string>();
        int count = 0;
        foreach (var (moves, score) in TestData.ReadPositions(file))
        {
            count++;
            int solved = solver.Solve(Board.FromMoveString(moves));
            if (solved != score)
            {
                wrong.Add($"{moves}: solved {solved}, published {score}");
            }
        }

        Assert.Equal(1000, count);
        Assert.True(wrong.Count == 0, $"{wrong.Count} wrong in {file}:\n{string.Join("\n", wrong.Take(20))}");
    }

    [DataTheory]
    [InlineData("Test_L3_R1", 2)]
    [InlineData("Test_L2_R1", 5)]
    public void A_tiny_table_changes_the_speed_not_the_scores(string file, int every)
    {
        // 1024 entries for searches of hundreds to thousands of positions: entries are overwritten all
        // the time, and the solver must only ever trust an entry written for the same position.
        var solver = new Solver(Solver.MinTableBits);
        foreach (var (moves, score) in TestData.ReadPositions(file).Where((_, i) => i % every == 0))
        {
            Assert.True(score == solver.Solve(Board.FromMoveString(moves)), $"{moves}: published {score}");
        }
    }

    [DataTheory]
    [InlineData("Test_L3_R1", 1)]
    [InlineData("Test_L2_R1", 1)]
    [InlineData("Test_L2_R2", 10)]
    [InlineData("Test_L1_R1", 5)]
    public void Weak_mode_gives_the_sign_of_the_published_score(string file, int every)
    {
        var solver = new Solver();
        foreach (var (moves, score) in TestData.ReadPositions(file).Where((_, i) => i % every == 0))
        {
            Assert.True(
                Math.Sign(score) == solver.Solve(Board.FromMoveString(moves), weak: true),
                $"{moves}: published {score}");
        }
    }

    [DataTheory]
    [InlineData("Test_L3_R1", 10)]
    [InlineData("Test_L2_R1", 20)]
    [InlineData("Test_L1_R1", 200)]
    public void Analyze_agrees_with_solving_each_child_and_with_the_published_score(string file, int every)
    {
        var analyzer = new Solver();
        var checker = new Solver();
        foreach (var (moves, score) in TestData.ReadPositions(file).Where((_, i) => i % every == 0))
        {
            Board position = Board.FromMoveString(moves);
            int?[] scores = analyzer.Analyze(position);
            for (int column = 0; column < Board.Columns; column++)
            {
                int? expected = !position.CanPlay(column) ? null
                    : position.IsWinningMove(column) ? (43 - position.Ply) / 2
                    : -checker.Solve(position.Play(column));
                Assert.True(expected == scores[column], $"{moves}, column {column}: {scores[column]}, expected {expected}");
            }

            Assert.Equal(score, scores.Max());
        }
    }

    [DataTheory]
    [InlineData("Test_L2_R1", 20)]
    [InlineData("Test_L1_R1", 10)]
    public void BestMove_finds_the_published_score_and_a_move_that_keeps_it(string file, int every)
    {
        var solver = new Solver();
        var checker = new Solver();
        foreach (var (moves, score) in TestData.ReadPositions(file).Where((_, i) => i % every == 0))
        {
            Board position = Board.FromMoveString(moves);
            var safe = position.NonLosingMoves();
            var (column, best) = solver.BestMove(position, safe, CancellationToken.None)!.Value;
            Assert.True(score == best, $"{moves}: {best}, published {score}");
            int kept = position.IsWinningMove(column) ? (43 - position.Ply) / 2 : -checker.Solve(position.Play(column));
            Assert.True(score == kept, $"{moves}: column {column} scores {kept}, published {score}");
        }
    }
}
