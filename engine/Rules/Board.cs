using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Connect4.Engine.Rules;

// ---------------------------------------------------------------------------------------------
// Bitboard layout
// ---------------------------------------------------------------------------------------------
//
// The 7 x 6 board lives in the low 49 bits of a ulong. Each column takes 7 consecutive bits:
// its 6 cells, bottom to top, plus one sentinel bit on top that is never set.
//
//     bit index = column * 7 + row
//
//              col 0  col 1  col 2  col 3  col 4  col 5  col 6
//   sentinel     6     13     20     27     34     41     48      <- always 0
//   row 5        5     12     19     26     33     40     47
//   row 4        4     11     18     25     32     39     46
//   row 3        3     10     17     24     31     38     45
//   row 2        2      9     16     23     30     37     44
//   row 1        1      8     15     22     29     36     43
//   row 0        0      7     14     21     28     35     42
//
// Bits 49..63 are always 0 as well.
//
// Two words describe a position:
//   Mask    - every disc on the board, whoever owns it;
//   Current - the discs of the player to move (so the opponent's discs are Current ^ Mask).
// Who is to move follows from the number of discs: Red when PopCount(Mask) is even.
//
// Worked example: moves (0-based columns) 3, 3, 4, i.e. Red (3,0), Yellow (3,1), Red (4,0).
// Yellow is to move.
//
//   row 1   . . . Y . . .      Mask    = bit 21 | bit 22 | bit 28 = 0x1060_0000
//   row 0   . . . R R . .      Current = bit 22 (Yellow's disc)   = 0x0040_0000
//           0 1 2 3 4 5 6      Red     = Current ^ Mask            = 0x1020_0000
//
// Playing column c: 1 << (c * 7) is the bottom cell of c. Mask + that bit carries through the
// column's discs (always a contiguous run from row 0) and stops on the lowest free cell; the carry
// cannot leave the column because a playable column has a free cell below the sentinel. So
//   newCell = (Mask + bottom(c)) & column(c)    and    Mask' = Mask | (Mask + bottom(c)).
// The player to move changes, so Current' = Current ^ Mask (the opponent's discs, taken before
// the new disc is added). In the example, playing column 4 gives Mask + bit 28 = bits 21, 22, 29:
// the new cell is bit 29 = (4,1).
//
// Four detection (HasFour): in this layout a step to the next cell of a line is a fixed shift:
//   vertical +1, horizontal +7, diagonal "/" (up-right) +8, diagonal "\" (down-right) +6.
// For a shift s, m = d & (d >> s) has bit b set iff bits b and b+s are both set in d, and
// m & (m >> 2s) has bit b set iff b, b+s, b+2s and b+3s are all set. This is a four on the board
// only if none of those steps leaves the board or wraps into another column, and that is exactly
// what the sentinel row and the unused high bits guarantee:
//   +1 from (c, 5) reaches the sentinel of c (never set): no vertical run wraps to (c+1, 0);
//   +8 from (c, 5) reaches the sentinel of c+1, and +6 from (c, 0) reaches the sentinel of c:
//      diagonals cannot wrap past the top or bottom row;
//   +7, +8 or +6 from column 6 reaches bit 49 or above (never set), and >> drops bits rather
//      than rotating them: nothing wraps past the right or left edge.
// Otherwise each step moves from (c, r) to (c, r+1), (c+1, r), (c+1, r+1) or (c+1, r-1)
// respectively, so four set bits in arithmetic progression are four discs in a line, and every
// line of four discs is such a progression. Hence HasFour(d) is true iff d contains a four.
// ---------------------------------------------------------------------------------------------

/// <summary>
/// An immutable Connect 4 position: 7 columns (0..6, left to right), 6 rows (0..5, bottom to top),
/// discs fall to the lowest free row, Red moves first. See the layout comment above.
/// </summary>
/// <remarks>
/// The board enforces gravity and full columns, not the end of the game: <see cref="Play"/> still
/// accepts a move after a four has been completed. <see cref="FromMoves"/> and
/// <see cref="FromMoveString"/> reject such moves. <c>default(Board)</c> is the empty board.
/// </remarks>
public readonly partial struct Board : IEquatable<Board>
{
    /// <summary>Number of columns.</summary>
    public const int Columns = 7;

    /// <summary>Number of rows.</summary>
    public const int Rows = 6;

    /// <summary>Number of cells, the largest possible <see cref="Ply"/>.</summary>
    public const int MaxPly = Columns * Rows;

    private const int ColumnBits = Rows + 1;

    /// <summary>The bottom cell of every column.</summary>
    private const ulong BottomRow =
        1UL | 1UL << 7 | 1UL << 14 | 1UL << 21 | 1UL << 28 | 1UL << 35 | 1UL << 42;

    /// <summary>Every playable cell (no sentinel bits, nothing above bit 48).</summary>
    private const ulong BoardMask = BottomRow * ((1UL << Rows) - 1);

    private readonly ulong _current;
    private readonly ulong _mask;

    private Board(ulong current, ulong mask)
    {
        _current = current;
        _mask = mask;
    }

    /// <summary>The empty board, Red to move.</summary>
    public static Board Empty => default;

    /// <summary>The discs of the player to move (see the layout comment).</summary>
    public ulong Current => _current;

    /// <summary>All discs on the board.</summary>
    public ulong Mask => _mask;

    /// <summary>The number of moves played, 0..42.</summary>
    public int Ply => BitOperations.PopCount(_mask);

    /// <summary>The player to move: Red after an even number of moves.</summary>
    public Disc ToMove => (Ply & 1) == 0 ? Disc.Red : Disc.Yellow;

    /// <summary>True when all 42 cells hold a disc.</summary>
    public bool IsFull => _mask == BoardMask;

    /// <summary>
    /// A key that identifies the position: Current + Mask. Per column with h discs, Mask is
    /// 2^h - 1 and Current is some x &lt; 2^h, so the column contributes 2^h - 1 + x, a value in
    /// [2^h - 1, 2^(h+1) - 2]. These ranges are disjoint for different h, so h and then x can be read
    /// back; the sum is at most 2^7 - 2, so there is no carry into the next column. The side to move
    /// is implied by the disc count. Two boards have the same key iff they are equal.
    /// </summary>
    public ulong Key => _current + _mask;

    /// <summary>
    /// The same position reflected left to right (column c becomes column 6 - c): it has the same value, with
    /// the columns of every move reflected too. Each column's 7 bits move as a block, so no bit crosses columns.
    /// </summary>
    public Board Mirror()
    {
        ulong current = 0, mask = 0;
        for (int column = 0; column < Columns; column++)
        {
            int from = column * ColumnBits, to = (Columns - 1 - column) * ColumnBits;
            current |= ((_current >> from) & 0x7F) << to;
            mask |= ((_mask >> from) & 0x7F) << to;
        }

        return new Board(current, mask);
    }

    /// <summary>
    /// Whether a disc can be dropped in <paramref name="column"/>: false for a full column and for a
    /// column outside 0..6. Never throws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CanPlay(int column) => (uint)column < Columns && (_mask & TopCell(column)) == 0;

    /// <summary>
    /// The number of discs in <paramref name="column"/>, which is also the row the next disc lands in
    /// (6 when full). Precondition: 0 &lt;= column &lt; 7, else <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public int Height(int column)
    {
        if ((uint)column >= Columns)
        {
            ThrowBadColumn(column);
        }

        return BitOperations.PopCount(_mask & ColumnMask(column));
    }

    /// <summary>
    /// The board after the player to move drops a disc in <paramref name="column"/>.
    /// Preconditions: 0 &lt;= column &lt; 7 (else <see cref="ArgumentOutOfRangeException"/>) and the
    /// column is not full (else <see cref="InvalidOperationException"/>). Allocation-free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Board Play(int column)
    {
        if ((uint)column >= Columns)
        {
            ThrowBadColumn(column);
        }

        if ((_mask & TopCell(column)) != 0)
        {
            ThrowFullColumn(column);
        }

        return new Board(_current ^ _mask, _mask | (_mask + BottomCell(column)));
    }

    /// <summary>
    /// Whether dropping a disc in <paramref name="column"/> gives the player to move a four.
    /// Preconditions as for <see cref="Play"/>, with the same exceptions. Allocation-free.
    /// Only the mover's discs are looked at, so an existing four of theirs would also count
    /// (in a legal game there is none: the game ends at the first four).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsWinningMove(int column)
    {
        if ((uint)column >= Columns)
        {
            ThrowBadColumn(column);
        }

        if ((_mask & TopCell(column)) != 0)
        {
            ThrowFullColumn(column);
        }

        return HasFour(_current | ((_mask + BottomCell(column)) & ColumnMask(column)));
    }

    /// <summary>
    /// Whether the set of discs <paramref name="discs"/> (in the layout above) contains four in a line,
    /// in any direction. Bits outside the 42 cells are ignored. See the layout comment for why the
    /// shifts cannot report a four that wraps across a column or the board's edge.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HasFour(ulong discs)
    {
        discs &= BoardMask;

        // Horizontal: step +7.
        ulong m = discs & (discs >> ColumnBits);
        if ((m & (m >> (2 * ColumnBits))) != 0)
        {
            return true;
        }

        // Diagonal "\" (down-right): step +6.
        m = discs & (discs >> (ColumnBits - 1));
        if ((m & (m >> (2 * (ColumnBits - 1)))) != 0)
        {
            return true;
        }

        // Diagonal "/" (up-right): step +8.
        m = discs & (discs >> (ColumnBits + 1));
        if ((m & (m >> (2 * (ColumnBits + 1)))) != 0)
        {
            return true;
        }

        // Vertical: step +1.
        m = discs & (discs >> 1);
        return (m & (m >> 2)) != 0;
    }

    public bool Equals(Board other) => _current == other._current && _mask == other._mask;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is Board other && Equals(other);

    public override int GetHashCode() => Key.GetHashCode();

    public static bool operator ==(Board left, Board right) => left.Equals(right);

    public static bool operator !=(Board left, Board right) => !left.Equals(right);

    private static Disc Opponent(Disc color) => color == Disc.Red ? Disc.Yellow : Disc.Red;

    private static ulong CheckedCellBit(int column, int row)
    {
        if ((uint)column >= Columns)
        {
            ThrowBadColumn(column);
        }

        if ((uint)row >= Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, "The row must be between 0 and 5.");
        }

        return CellBit(column, row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong CellBit(int column, int row) => 1UL << (column * ColumnBits + row);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BottomCell(int column) => 1UL << (column * ColumnBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong TopCell(int column) => 1UL << (column * ColumnBits + Rows - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ColumnMask(int column) => ((1UL << Rows) - 1) << (column * ColumnBits);

    [DoesNotReturn]
    private static void ThrowBadColumn(int column) =>
        throw new ArgumentOutOfRangeException(nameof(column), column, "The column must be between 0 and 6.");

    [DoesNotReturn]
    private static void ThrowFullColumn(int column) =>
        throw new InvalidOperationException($"Column {column} is full.");
}
