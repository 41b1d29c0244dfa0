using Connect4.Engine.Rules;
using static Connect4.Tests.Rules.BoardSamples;

namespace Connect4.Tests.Rules;

/// <summary>Fours: the winning move, its line, draws, and what is not a four.</summary>
public class FourTests
{
    [Theory]
    [InlineData("001122", 3, 0, Disc.Red, "0,0 1,0 2,0 3,0")] // horizontal, row 0, from the left edge
    [InlineData("001133", 2, 0, Disc.Red, "0,0 1,0 2,0 3,0")] // horizontal, row 0, disc played inside the line
    [InlineData("334455", 6, 0, Disc.Red, "3,0 4,0 5,0 6,0")] // horizontal, row 0, played in corner (6,0)
    [InlineData("665544", 3, 0, Disc.Red, "3,0 4,0 5,0 6,0")] // horizontal, row 0, to the right edge
    [InlineData("4326041262231040226336030311114", 0, 5, Disc.Yellow, "0,5 1,5 2,5 3,5")] // horizontal, row 5, played in corner (0,5)
    [InlineData("6561362653464431255310343541116040", 5, 5, Disc.Red, "3,5 4,5 5,5 6,5")] // horizontal, row 5, to the right edge
    [InlineData("010101", 0, 3, Disc.Red, "0,0 0,1 0,2 0,3")] // vertical, column 0, from row 0
    [InlineData("66656565", 6, 5, Disc.Red, "6,2 6,3 6,4 6,5")] // vertical, column 6, up to corner (6,5)
    [InlineData("0303130", 3, 3, Disc.Yellow, "3,0 3,1 3,2 3,3")] // vertical, Yellow, column 3
    [InlineData("0312132623", 3, 3, Disc.Red, "0,0 1,1 2,2 3,3")] // diagonal /, from corner (0,0), played at (3,3)
    [InlineData("526323211331", 0, 0, Disc.Red, "0,0 1,1 2,2 3,3")] // diagonal /, played in corner (0,0)
    [InlineData("3434143243", 2, 1, Disc.Red, "1,0 2,1 3,2 4,3")] // diagonal /, disc played inside the line
    [InlineData("556466305604354504634", 6, 5, Disc.Yellow, "3,2 4,3 5,4 6,5")] // diagonal /, played in corner (6,5)
    [InlineData("3112200321305120323", 3, 5, Disc.Yellow, "0,2 1,3 2,4 3,5")] // diagonal /, column 0 to row 5
    [InlineData("61421233030110400421424", 0, 5, Disc.Yellow, "0,5 1,4 2,3 3,2")] // diagonal \, played in corner (0,5)
    [InlineData("022140200111", 3, 0, Disc.Red, "0,3 1,2 2,1 3,0")] // diagonal \, down to row 0
    [InlineData("335422533441", 6, 0, Disc.Red, "3,3 4,2 5,1 6,0")] // diagonal \, played in corner (6,0)
    [InlineData("45013663335405432344055", 6, 2, Disc.Yellow, "3,5 4,4 5,3 6,2")] // diagonal \, row 5 to column 6
    public void Winning_move_completes_the_expected_four(string movesBefore, int column, int row, Disc winner, string expectedLine)
    {
        var before = Board.FromMoves(Moves(movesBefore));
        Assert.Equal(winner, before.ToMove);
        Assert.Equal(row, before.Height(column));
        Assert.False(Board.HasFour(before.Current), "the winner had no four before the move");
        Assert.True(before.IsWinningMove(column));

        var after = before.Play(column);
        Assert.Equal(winner, after.DiscAt(column, row));
        Assert.True(Board.HasFour(after.Current ^ after.Mask));
        Assert.False(Board.HasFour(after.Current), "the loser has no four");

        var line = after.WinningLine(column, row);
        Assert.NotNull(line);
        Assert.Equal(Cells(expectedLine), line);
        Assert.Contains(new Cell(column, row), line);
        Assert.All(line, cell => Assert.Equal(winner, after.DiscAt(cell.Column, cell.Row)));

        // The same game replays through both factories, the winning move being the last one.
        Assert.Equal(after, Board.FromMoves(Moves(movesBefore + column)));
        Assert.Equal(after, Board.FromMoveString(string.Concat(Moves(movesBefore + column).Select(c => (char)('1' + c)))));
    }

    [Theory]
    [InlineData("001122", 3)]
    [InlineData("0312132623", 3)]
    [InlineData("335422533441", 6)]
    public void Non_winning_moves_in_a_position_with_a_threat_are_not_wins(string movesBefore, int winningColumn)
    {
        var before = Board.FromMoves(Moves(movesBefore));

        for (int column = 0; column < 7; column++)
        {
            if (column == winningColumn || !before.CanPlay(column))
            {
                continue;
            }

            Assert.False(before.IsWinningMove(column), $"column {column}");
            var after = before.Play(column);
            Assert.Null(after.WinningLine(column, before.Height(column)));
        }
    }

    [Fact]
    public void WinningLine_is_null_for_an_empty_cell_and_for_a_disc_without_four()
    {
        var board = Board.FromMoves(Moves("0011223")); // Red four on row 0

        Assert.Null(board.WinningLine(4, 0)); // empty
        Assert.Null(board.WinningLine(0, 1)); // Yellow disc, Yellow has three only
        Assert.Null(board.WinningLine(2, 1));
        Assert.NotNull(board.WinningLine(0, 0));
        Assert.Null(Board.Empty.WinningLine(0, 0));
    }

    [Fact]
    public void WinningLine_of_a_line_longer_than_four_contains_the_played_cell()
    {
        // Red (0,0), (1,0), (3,0), (4,0); playing column 2 makes five in a row.
        var before = Board.FromMoves(Moves("00113344"));
        Assert.True(before.IsWinningMove(2));
        var after = before.Play(2);

        var line = after.WinningLine(2, 0);

        Assert.NotNull(line);
        // Documented choice: the window reaching furthest left that still contains the played cell.
        Assert.Equal(Cells("0,0 1,0 2,0 3,0"), line);

        // From an end of the five, the window contains that end.
        Assert.Equal(Cells("1,0 2,0 3,0 4,0"), after.WinningLine(4, 0));
        Assert.Equal(Cells("0,0 1,0 2,0 3,0"), after.WinningLine(0, 0));
    }

    [Fact]
    public void No_false_four_across_the_column_boundary()
    {
        // Red holds (0,3), (0,4), (0,5) at the top of column 0 and then plays (1,0), the bottom of column 1.
        // Bits 3, 4, 5 and 7: only the empty sentinel bit 6 separates them.
        // R4 Y0 R4 Y0 R5 Y0 R0 Y6 R0 Y6 R0 Y6
        var before = Board.FromMoves(Moves("404050060606"));
        Assert.Equal(Disc.Red, before.ToMove);
        Assert.Equal(Bits((0, 3), (0, 4), (0, 5)), before.Current & Bits((0, 3), (0, 4), (0, 5)));

        Assert.False(before.IsWinningMove(1));
        var after = before.Play(1);

        ulong red = after.Current ^ after.Mask;
        Assert.Equal(Bits((0, 3), (0, 4), (0, 5), (1, 0)), red & 0b1011_1000UL);
        Assert.False(Board.HasFour(red));
        Assert.Null(after.WinningLine(1, 0));
        Assert.Null(after.WinningLine(0, 5));

        // Yellow (0,0..2) and (6,0..2): still no four, and Yellow keeps playing legally.
        var later = after.Play(1).Play(1).Play(1);
        Assert.False(Board.HasFour(later.Current));
        Assert.False(Board.HasFour(later.Current ^ later.Mask));
    }

    [Theory]
    [InlineData(new[] { 4, 5, 6, 7 })] // vertical through the sentinel of column 0: (0,4) (0,5) [6] (1,0)
    [InlineData(new[] { 5, 6, 7, 8 })] // (0,5) [6] (1,0) (1,1)
    [InlineData(new[] { 5, 13, 21, 29 })] // step +8 from (0,5): [13] is the sentinel of column 1
    [InlineData(new[] { 1, 7, 13, 19 })] // step +6 from (0,1) via (1,0): [13] is the sentinel of column 1
    [InlineData(new[] { 28, 35, 42, 49 })] // horizontal off the right edge: bit 49 is not a cell
    [InlineData(new[] { 44, 50, 56, 62 })] // step +6 off the right edge
    public void HasFour_ignores_sentinel_and_off_board_bits(int[] bits)
    {
        ulong discs = bits.Aggregate(0UL, (acc, b) => acc | 1UL << b);

        Assert.False(Board.HasFour(discs));
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 })] // vertical (0,2)..(0,5)
    [InlineData(new[] { 7, 8, 9, 10 })] // vertical (1,0)..(1,3)
    [InlineData(new[] { 26, 33, 40, 47 })] // horizontal row 5, columns 3..6
    [InlineData(new[] { 0, 8, 16, 24 })] // diagonal / (0,0)..(3,3)
    [InlineData(new[] { 5, 11, 17, 23 })] // diagonal \ (0,5)..(3,2)
    [InlineData(new[] { 23, 31, 39, 47 })] // diagonal / (3,2)..(6,5)
    [InlineData(new[] { 24, 30, 36, 42 })] // diagonal \ (3,3)..(6,0)
    public void HasFour_finds_fours_on_the_board(int[] bits)
    {
        ulong discs = bits.Aggregate(0UL, (acc, b) => acc | 1UL << b);

        Assert.True(Board.HasFour(discs));
        // Any three of the four are not enough.
        foreach (int b in bits)
        {
            Assert.False(Board.HasFour(discs & ~(1UL << b)));
        }
    }

    [Fact]
    public void A_full_board_without_four_is_a_draw()
    {
        var board = Board.Empty;
        foreach (char c in DrawMoves)
        {
            int column = c - '1';
            Assert.False(board.IsWinningMove(column), $"move {board.Ply} in column {column} must not win");
            board = board.Play(column);
        }

        Assert.True(board.IsFull);
        Assert.Equal(42, board.Ply);
        Assert.Equal(Disc.Red, board.ToMove);
        Assert.Equal(board, Board.FromMoveString(DrawMoves));
        Assert.False(Board.HasFour(board.Current));
        Assert.False(Board.HasFour(board.Current ^ board.Mask));
        for (int column = 0; column < 7; column++)
        {
            Assert.Equal(6, board.Height(column));
            Assert.False(board.CanPlay(column));
            Assert.Throws<InvalidOperationException>(() => board.Play(column));
            for (int row = 0; row < 6; row++)
            {
                Disc expected = ((row + (column == 3 ? 1 : 0)) % 2) == 0 ? Disc.Red : Disc.Yellow;
                Assert.Equal(expected, board.DiscAt(column, row));
                Assert.Null(board.WinningLine(column, row));
            }
        }
    }

    [Fact]
    public void IsFull_is_false_with_one_empty_cell()
    {
        var board = Board.FromMoveString(DrawMoves[..^1]);

        Assert.False(board.IsFull);
        Assert.Equal(41, board.Ply);
        Assert.True(board.CanPlay(6));
        Assert.True(board.Play(6).IsFull);
    }
}
