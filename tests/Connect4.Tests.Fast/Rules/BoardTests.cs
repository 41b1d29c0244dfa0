using Connect4.Engine.Rules;
using static Connect4.Tests.Rules.BoardSamples;

namespace Connect4.Tests.Rules;

/// <summary>Playing discs: heights, colours, bits, refused columns.</summary>
public class BoardTests
{
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
}
