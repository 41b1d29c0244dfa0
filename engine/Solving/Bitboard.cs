using System.Runtime.CompilerServices;
using Connect4.Engine.Rules;

namespace Connect4.Engine.Solving;

/// <summary>
/// Whole-board bit tricks for the solver, on the layout drawn at the top of Board.cs
/// (bit = column * 7 + row, one always-empty sentinel bit on top of each column, bits 49..63 unused).
/// A position is the pair (current, mask): the discs of the player to move and all discs.
/// </summary>
internal static class Bitboard
{
    /// <summary>Bits per column: the 6 cells plus the sentinel.</summary>
    public const int ColumnBits = Board.Rows + 1;

    /// <summary>The bottom cell of every column.</summary>
    public const ulong BottomRow =
        1UL | 1UL << 7 | 1UL << 14 | 1UL << 21 | 1UL << 28 | 1UL << 35 | 1UL << 42;

    /// <summary>The 42 cells of the board (no sentinel, nothing above bit 48).</summary>
    public const ulong BoardMask = BottomRow * ((1UL << Board.Rows) - 1);

    /// <summary>The 6 cells of column 0; shift left by 7 * c for column c.</summary>
    public const ulong Column0 = (1UL << Board.Rows) - 1;

    /// <summary>
    /// The lowest free cell of every column that is not full. Adding the bottom bit of a column to
    /// <paramref name="mask"/> carries through that column's run of discs (a contiguous run from row 0)
    /// and lands on the first free cell. For a full column the carry lands on the sentinel, which
    /// <see cref="BoardMask"/> removes, so it never reaches the next column.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Possible(ulong mask) => (mask + BottomRow) & BoardMask;

    /// <summary>
    /// The empty cells where a disc of the owner of <paramref name="discs"/> would complete a four,
    /// whether or not the cell is playable now (it may float above the column's free cell).
    /// </summary>
    /// <remarks>
    /// For a step s (1 vertical, 7 horizontal, 8 diagonal "/", 6 diagonal "\"), bit b of
    /// <c>discs &lt;&lt; k*s</c> is the disc at b - k*s, and bit b of <c>discs &gt;&gt; k*s</c> the disc at b + k*s.
    /// A cell b completes a four along s when three of its line neighbours are discs in one of the four
    /// windows containing b: {-3,-2,-1}, {-2,-1,+1}, {-1,+1,+2}, {+1,+2,+3} (in steps of s). The pairs
    /// (-1,-2) and (+1,+2) are shared by two windows each, so each direction costs 6 shifts.
    /// Vertically only the window below counts (the cells above b are empty).
    /// As explained in Board.cs, a chain of steps that leaves the board or would wrap into another
    /// column passes through a sentinel bit or a bit outside 0..48, which are never discs; and bits the
    /// shifts move past 63 or below 0 are dropped, not rotated. So every bit found is a real line of four
    /// cells, and the final mask keeps only empty cells of the board (dropping sentinels, bits above 48
    /// and occupied cells).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WinningCells(ulong discs, ulong mask)
    {
        // Vertical: three discs directly below.
        ulong r = (discs << 1) & (discs << 2) & (discs << 3);

        r |= AlongStep(discs, ColumnBits);      // horizontal
        r |= AlongStep(discs, ColumnBits + 1);  // diagonal "/"
        r |= AlongStep(discs, ColumnBits - 1);  // diagonal "\"

        return r & (BoardMask ^ mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AlongStep(ulong d, int s)
    {
        ulong behind2 = (d << s) & (d << (2 * s));   // discs at b - s and b - 2s
        ulong ahead2 = (d >> s) & (d >> (2 * s));    // discs at b + s and b + 2s
        return (behind2 & (d << (3 * s)))            // {-3,-2,-1}
            | (behind2 & (d >> s))                   // {-2,-1,+1}
            | (ahead2 & (d << s))                    // {-1,+1,+2}
            | (ahead2 & (d >> (3 * s)));             // {+1,+2,+3}
    }
}
