using Connect4.Engine.Rules;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Rules;

/// <summary>Replays Pascal Pons' public test positions (see shared/data/connect4/README.md).</summary>
public class PublicPositionsTests
{
    [DataTheory]
    [InlineData("Test_L3_R1", 29, 41)] // End-Easy
    [InlineData("Test_L2_R1", 15, 28)] // Middle-Easy
    [InlineData("Test_L2_R2", 15, 27)] // Middle-Medium
    [InlineData("Test_L1_R1", 4, 14)] // Begin-Easy
    public void Every_position_replays_legally_without_a_four(string file, int minMoves, int maxMoves)
    {
        int count = 0;
        foreach (var (moves, score) in TestData.ReadPositions(file))
        {
            count++;
            var board = Board.Empty;
            for (int i = 0; i < moves.Length; i++)
            {
                int column = moves[i] - '1';
                Assert.True(board.CanPlay(column), $"{file} line {count}: move {i} ({moves[i]}) is not playable in {moves}");
                Assert.False(board.IsWinningMove(column), $"{file} line {count}: move {i} ({moves[i]}) completes a four in {moves}");
                board = board.Play(column);
            }

            int n = moves.Length;
            Assert.Equal(n, board.Ply);
            Assert.InRange(n, minMoves, maxMoves);
            Assert.Equal(board, Board.FromMoveString(moves));

            // The score is (43 - n) / 2 exactly when the player to move wins with the next disc,
            // which cross-checks IsWinningMove against the published solutions.
            bool winsNow = Enumerable.Range(0, Board.Columns).Any(c => board.CanPlay(c) && board.IsWinningMove(c));
            Assert.True(
                winsNow == (score == (43 - n) / 2),
                $"{file} line {count}: {moves} scores {score}, immediate win found: {winsNow}");
        }

        Assert.Equal(1000, count);
    }

    [DataFact]
    public void Data_folder_holds_the_four_files()
    {
        string folder = TestData.Connect4Folder;

        Assert.True(Directory.Exists(folder), folder);
        foreach (string file in new[] { "Test_L3_R1", "Test_L2_R1", "Test_L2_R2", "Test_L1_R1" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), Path.Combine(folder, file));
        }
    }

    [Fact]
    public void ReadPositions_parses_moves_and_signed_scores()
    {
        string path = Path.Combine(Path.GetTempPath(), $"connect4-positions-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "4455 18\n44455554221 -15\n\n7 0\n");
        try
        {
            var positions = TestData.ReadPositions(path).ToList();

            Assert.Equal(new[] { ("4455", 18), ("44455554221", -15), ("7", 0) }, positions);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("4455\n")]
    [InlineData("4455 x\n")]
    [InlineData("4485 3\n")]
    [InlineData("4455 3 4\n")]
    public void ReadPositions_rejects_malformed_lines(string content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"connect4-positions-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "12 1\n" + content);
        try
        {
            var ex = Assert.Throws<FormatException>(() => TestData.ReadPositions(path).ToList());
            Assert.Contains(":2:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Readme_examples_agree_with_the_rules()
    {
        // "4455" scores 18 and "44455554221" scores -15: neither player to move wins at once.
        foreach (var (moves, score) in new[] { ("4455", 18), ("44455554221", -15) })
        {
            var board = Board.FromMoveString(moves);
            Assert.NotEqual((43 - moves.Length) / 2, score);
            Assert.DoesNotContain(Enumerable.Range(0, 7), c => board.CanPlay(c) && board.IsWinningMove(c));
        }
    }
}
