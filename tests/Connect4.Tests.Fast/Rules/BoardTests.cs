using Connect4.Engine.Rules;

namespace Connect4.Tests.Rules;

public class BoardTests
{
    /// <summary>A full board with no four: rows alternate R/Y in every column, column 3 is shifted by one.</summary>
    /// <remarks>
    /// Y Y Y R Y Y Y   row 5
    /// R R R Y R R R
    /// Y Y Y R Y Y Y
    /// R R R Y R R R
    /// Y Y Y R Y Y Y
    /// R R R Y R R R   row 0
    /// </remarks>
    private const string DrawMoves = "111111222222333333544444455555666666777777";

    /// <summary>0-based column digits, e.g. "0013" -> 0, 0, 1, 3.</summary>
    private static int[] Moves(string zeroBasedDigits) => zeroBasedDigits.Select(c => c - '0').ToArray();

    private static Cell[] Cells(string cells) =>
        cells.Split(' ')
            .Select(p => p.Split(','))
            .Select(p => new Cell(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

    private static ulong Bit(int column, int row) => 1UL << (column * 7 + row);

    private static ulong Bits(params (int Column, int Row)[] cells) => cells.Aggregate(0UL, (acc, c) => acc | Bit(c.Column, c.Row));

    [Fact]
    public void Empty_board_has_no_discs_and_red_to_move()
    {
        var board = Board.Empty;

        Assert.Equal(0, board.Ply);
        Assert.Equal(Disc.Red, board.ToMove);
        Assert.Equal(0UL, board.Mask);
        Assert.Equal(0UL, board.Current);
        Assert.False(board.IsFull);
        Assert.Equal(default(Board), board);
        for (int column = 0; column < 7; column++)
        {
            Assert.True(board.CanPlay(column));
            Assert.Equal(0, board.Height(column));
            Assert.False(board.IsWinningMove(column));
            for (int row = 0; row < 6; row++)
            {
                Assert.Null(board.DiscAt(column, row));
            }
        }
    }

    [Fact]
    public void Play_drops_to_lowest_free_row_and_alternates_colours()
    {
        var board = Board.Empty.Play(3);
        Assert.Equal(1, board.Ply);
        Assert.Equal(Disc.Yellow, board.ToMove);
        Assert.Equal(Disc.Red, board.DiscAt(3, 0));
        Assert.Equal(1, board.Height(3));

        board = board.Play(3);
        Assert.Equal(2, board.Ply);
        Assert.Equal(Disc.Red, board.ToMove);
        Assert.Equal(Disc.Red, board.DiscAt(3, 0));
        Assert.Equal(Disc.Yellow, board.DiscAt(3, 1));
        Assert.Null(board.DiscAt(3, 2));
        Assert.Equal(2, board.Height(3));

        board = board.Play(4);
        Assert.Equal(Disc.Red, board.DiscAt(4, 0));
        Assert.Equal(1, board.Height(4));
        Assert.Equal(2, board.Height(3));
    }

    [Fact]
    public void Play_returns_a_new_board_and_leaves_the_original_unchanged()
    {
        var before = Board.FromMoves([2, 2]);
        var after = before.Play(2);

        Assert.Equal(2, before.Ply);
        Assert.Equal(2, before.Height(2));
        Assert.Null(before.DiscAt(2, 2));
        Assert.Equal(3, after.Ply);
        Assert.Equal(Disc.Red, after.DiscAt(2, 2));
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Bits_follow_the_documented_layout()
    {
        // Red (3,0), Yellow (3,1), Red (4,0); Yellow to move (the worked example in Board.cs).
        var board = Board.FromMoves([3, 3, 4]);

        Assert.Equal(0x1060_0000UL, board.Mask);
        Assert.Equal(Bits((3, 0), (3, 1), (4, 0)), board.Mask);
        Assert.Equal(0x0040_0000UL, board.Current); // Yellow's disc at bit 22
        Assert.Equal(board.Current + board.Mask, board.Key);

        var next = board.Play(4); // Yellow lands on (4,1) = bit 29
        Assert.Equal(board.Mask | 1UL << 29, next.Mask);
        Assert.Equal(Bits((3, 0), (4, 0)), next.Current); // Red to move now
    }

    [Fact]
    public void Height_and_ColorAt_report_the_discs()
    {
        // Red (3,0), Yellow (3,1), Red (4,0), Yellow (2,0), Red (3,2), Yellow (6,0).
        var board = Board.FromMoves([3, 3, 4, 2, 3, 6]);

        Assert.Equal(new[] { 0, 0, 1, 3, 1, 0, 1 }, Enumerable.Range(0, 7).Select(board.Height).ToArray());
        Assert.Equal(Disc.Red, board.DiscAt(3, 0));
        Assert.Equal(Disc.Yellow, board.DiscAt(3, 1));
        Assert.Equal(Disc.Red, board.DiscAt(3, 2));
        Assert.Null(board.DiscAt(3, 3));
        Assert.Equal(Disc.Red, board.DiscAt(4, 0));
        Assert.Equal(Disc.Yellow, board.DiscAt(2, 0));
        Assert.Equal(Disc.Yellow, board.DiscAt(6, 0));
        Assert.Null(board.DiscAt(0, 0));
        Assert.Null(board.DiscAt(6, 5));
        Assert.Equal(Disc.Red, board.ToMove);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(7, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 6)]
    [InlineData(int.MinValue, 0)]
    public void ColorAt_and_WinningLine_reject_cells_off_the_board(int column, int row)
    {
        var board = Board.FromMoves([0, 1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => board.DiscAt(column, row));
        Assert.Throws<ArgumentOutOfRangeException>(() => board.WinningLine(column, row));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Out_of_range_columns_are_rejected(int column)
    {
        var board = Board.FromMoves([3]);

        Assert.False(board.CanPlay(column));
        var play = Assert.Throws<ArgumentOutOfRangeException>(() => board.Play(column));
        Assert.Equal("column", play.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => board.IsWinningMove(column));
        Assert.Throws<ArgumentOutOfRangeException>(() => board.Height(column));
    }

    [Fact]
    public void A_full_column_cannot_be_played()
    {
        var board = Board.FromMoves([0, 0, 0, 0, 0, 0]); // R Y R Y R Y: no four

        Assert.Equal(6, board.Height(0));
        Assert.False(board.CanPlay(0));
        Assert.True(board.CanPlay(1));
        Assert.Throws<InvalidOperationException>(() => board.Play(0));
        Assert.Throws<InvalidOperationException>(() => board.IsWinningMove(0));
        Assert.Equal(Disc.Red, board.DiscAt(0, 4));
        Assert.Equal(Disc.Yellow, board.DiscAt(0, 5));

        var oneShort = Board.FromMoves([0, 0, 0, 0, 0]);
        Assert.True(oneShort.CanPlay(0));
        Assert.Equal(5, oneShort.Height(0));
    }

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

    [Fact]
    public void FromMoves_accepts_a_four_on_the_last_move()
    {
        var board = Board.FromMoves([0, 1, 0, 1, 0, 1, 0]);

        Assert.Equal(7, board.Ply);
        Assert.Equal(Cells("0,0 0,1 0,2 0,3"), board.WinningLine(0, 3));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 7 }, 2)] // column out of range
    [InlineData(new[] { -1 }, 0)]
    [InlineData(new[] { 3, 3, -1, 3 }, 2)]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0 }, 6)] // column 0 is full
    [InlineData(new[] { 0, 1, 0, 1, 0, 1, 0, 1 }, 7)] // Red completed a four at index 6
    [InlineData(new[] { 0, 1, 0, 1, 0, 1, 0, 9 }, 7)] // after a four, even before checking the column
    public void FromMoves_names_the_index_of_the_first_illegal_move(int[] moves, int index)
    {
        var ex = Assert.Throws<ArgumentException>(() => Board.FromMoves(moves));

        Assert.Contains($"index {index} ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("columns", ex.ParamName);
    }

    [Fact]
    public void FromMoves_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => Board.FromMoves(null!));
        Assert.Throws<ArgumentNullException>(() => Board.FromMoveString(null!));
    }

    [Fact]
    public void FromMoveString_uses_one_based_digits()
    {
        var board = Board.FromMoveString("4455");

        Assert.Equal(Board.FromMoves([3, 3, 4, 4]), board);
        Assert.Equal(Disc.Red, board.DiscAt(3, 0));
        Assert.Equal(Disc.Yellow, board.DiscAt(4, 1));
        Assert.Equal(Board.Empty, Board.FromMoveString(""));
        Assert.Equal(Disc.Red, Board.FromMoveString("1").DiscAt(0, 0));
        Assert.Equal(Disc.Red, Board.FromMoveString("7").DiscAt(6, 0));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("8", 0)]
    [InlineData("1238", 3)]
    [InlineData("12a", 2)]
    [InlineData("1 2", 1)]
    [InlineData("-1", 0)]
    [InlineData("11111118", 7)] // bad character reported even though the 7th '1' is already illegal
    public void FromMoveString_rejects_bad_characters(string digits, int index)
    {
        var ex = Assert.Throws<FormatException>(() => Board.FromMoveString(digits));

        Assert.Contains($"index {index} ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1111111", 6)] // column 1 full
    [InlineData("12121212", 7)] // Red's vertical four at index 6
    [InlineData("1122334455", 7)] // Red's four on row 0 at index 6: the 8th move is illegal
    public void FromMoveString_names_the_index_of_the_first_illegal_move(string digits, int index)
    {
        var ex = Assert.Throws<ArgumentException>(() => Board.FromMoveString(digits));

        Assert.Contains($"index {index} ", ex.Message, StringComparison.Ordinal);
        Assert.Equal("digits", ex.ParamName);
    }

    [Fact]
    public void Key_identifies_the_position()
    {
        var a = Board.FromMoves([0, 1, 2]);
        var b = Board.FromMoves([2, 1, 0]); // same discs, other order
        var c = Board.FromMoves([1, 0, 2]); // same cells, colours of columns 0 and 1 swapped

        Assert.Equal(a.Key, b.Key);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Mask, c.Mask);
        Assert.NotEqual(a.Key, c.Key);
        Assert.True(a != c);
        Assert.Equal(a.Current + a.Mask, a.Key);
    }

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
