using Connect4.Engine.Rules;
using static Connect4.Tests.Rules.BoardSamples;

namespace Connect4.Tests.Rules;

/// <summary>Random games checked cell by cell against a naive board.</summary>
public class BoardReferenceTests
{
    [Fact]
    public void Random_games_agree_with_a_naive_reference()
    {
        var random = new Random(20240601);
        var keys = new Dictionary<ulong, Board>();
        int wins = 0;

        for (int game = 0; game < 2000; game++)
        {
            var board = Board.Empty;
            var grid = new Disc?[7, 6];
            var heights = new int[7];

            while (true)
            {
                AssertSame(board, grid, heights);
                if (keys.TryGetValue(board.Key, out var seen))
                {
                    Assert.Equal(seen, board);
                }
                else
                {
                    keys[board.Key] = board;
                }

                Disc mover = board.ToMove;
                for (int c = 0; c < 7; c++)
                {
                    Assert.Equal(heights[c] < 6, board.CanPlay(c));
                    if (heights[c] < 6)
                    {
                        grid[c, heights[c]] = mover;
                        Assert.Equal(NaiveLines(grid, c, heights[c]).Count > 0, board.IsWinningMove(c));
                        grid[c, heights[c]] = null;
                    }
                }

                if (board.IsFull)
                {
                    break;
                }

                int column;
                do
                {
                    column = random.Next(7);
                }
                while (heights[column] == 6);

                int row = heights[column]++;
                grid[column, row] = mover;
                bool wins4 = board.IsWinningMove(column);
                board = board.Play(column);

                var expectedLines = NaiveLines(grid, column, row);
                var line = board.WinningLine(column, row);
                if (expectedLines.Count == 0)
                {
                    Assert.False(wins4);
                    Assert.Null(line);
                    continue;
                }

                Assert.True(wins4);
                Assert.NotNull(line);
                Assert.Equal(4, line.Count);
                Assert.Contains(new Cell(column, row), line);
                Assert.Contains(expectedLines, l => l.Count >= 4 && line.All(l.Contains));
                int dc = line[1].Column - line[0].Column;
                int dr = line[1].Row - line[0].Row;
                for (int i = 1; i < 4; i++)
                {
                    Assert.Equal(new Cell(line[0].Column + i * dc, line[0].Row + i * dr), line[i]);
                }

                AssertSame(board, grid, heights);
                wins++;
                break;
            }
        }

        Assert.True(wins > 1000, $"wins {wins}");
        Assert.True(keys.Count > 10000, $"positions {keys.Count}");
    }

    private static void AssertSame(Board board, Disc?[,] grid, int[] heights)
    {
        int ply = heights.Sum();
        Assert.Equal(ply, board.Ply);
        Assert.Equal(ply % 2 == 0 ? Disc.Red : Disc.Yellow, board.ToMove);
        Assert.Equal(ply == 42, board.IsFull);
        for (int c = 0; c < 7; c++)
        {
            Assert.Equal(heights[c], board.Height(c));
            for (int r = 0; r < 6; r++)
            {
                Assert.Equal(grid[c, r], board.DiscAt(c, r));
            }
        }
    }

    /// <summary>All maximal runs of length &gt;= 4 through (column, row) of that cell's colour, by brute force.</summary>
    private static List<List<Cell>> NaiveLines(Disc?[,] grid, int column, int row)
    {
        var result = new List<List<Cell>>();
        Disc? colour = grid[column, row];
        foreach (var (dc, dr) in new[] { (1, 0), (0, 1), (1, 1), (1, -1) })
        {
            var run = new List<Cell> { new(column, row) };
            for (int c = column - dc, r = row - dr; c is >= 0 and < 7 && r is >= 0 and < 6 && grid[c, r] == colour; c -= dc, r -= dr)
            {
                run.Insert(0, new Cell(c, r));
            }

            for (int c = column + dc, r = row + dr; c is >= 0 and < 7 && r is >= 0 and < 6 && grid[c, r] == colour; c += dc, r += dr)
            {
                run.Add(new Cell(c, r));
            }

            if (run.Count >= 4)
            {
                result.Add(run);
            }
        }

        return result;
    }
}
