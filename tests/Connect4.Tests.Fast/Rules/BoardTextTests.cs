using Connect4.Engine.Rules;
using static Connect4.Tests.Rules.BoardSamples;

namespace Connect4.Tests.Rules;

/// <summary>Boards from move lists and digit strings, and their keys.</summary>
public class BoardTextTests
{
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
}
