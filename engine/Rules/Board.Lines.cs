namespace Connect4.Engine.Rules;

/// <summary>Who holds a cell, and the four a winning disc completes.</summary>
public readonly partial struct Board
{
    /// <summary>
    /// The disc at (<paramref name="column"/>, <paramref name="row"/>), or null for an empty cell.
    /// Preconditions: 0 &lt;= column &lt; 7 and 0 &lt;= row &lt; 6, else <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public Disc? DiscAt(int column, int row)
    {
        ulong bit = CheckedCellBit(column, row);
        if ((_mask & bit) == 0)
        {
            return null;
        }

        Disc toMove = ToMove;
        return (_current & bit) != 0 ? toMove : Opponent(toMove);
    }

    /// <summary>
    /// Given the cell of the disc just played, the four cells of a four through it for the player who
    /// played it (the owner of that disc), or null when there is none or the cell is empty.
    /// The list has exactly 4 cells, contains (<paramref name="column"/>, <paramref name="row"/>) and is
    /// ordered along the line: by increasing column, or by increasing row for a vertical line.
    /// When several fours pass through the cell, the first found is returned, trying horizontal,
    /// vertical, "/" then "\"; when the line is longer than four, the window reaching furthest left
    /// (down for a vertical line) while still containing the cell is returned.
    /// Preconditions: 0 &lt;= column &lt; 7 and 0 &lt;= row &lt; 6, else <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public IReadOnlyList<Cell>? WinningLine(int column, int row)
    {
        ulong bit = CheckedCellBit(column, row);
        if ((_mask & bit) == 0)
        {
            return null;
        }

        ulong owner = (_current & bit) != 0 ? _current : _current ^ _mask;
        if (!HasFour(owner))
        {
            return null;
        }

        return LineThrough(owner, column, row, 1, 0)
            ?? LineThrough(owner, column, row, 0, 1)
            ?? LineThrough(owner, column, row, 1, 1)
            ?? LineThrough(owner, column, row, 1, -1);
    }

    /// <summary>
    /// The 4 cells of a line through (column, row) in direction (dc, dr) made of <paramref name="owner"/>'s
    /// discs, or null. (column, row) must hold one of owner's discs.
    /// </summary>
    private static Cell[]? LineThrough(ulong owner, int column, int row, int dc, int dr)
    {
        int back = 0;
        while (back < 3 && Owns(owner, column - (back + 1) * dc, row - (back + 1) * dr))
        {
            back++;
        }

        int forward = 0;
        while (forward < 3 && Owns(owner, column + (forward + 1) * dc, row + (forward + 1) * dr))
        {
            forward++;
        }

        if (back + forward < 3)
        {
            return null;
        }

        // The window starts 'back' steps behind the cell (back <= 3, so it contains the cell) and ends
        // 3 - back steps ahead of it, which is within the run because back + forward >= 3.
        var cells = new Cell[4];
        for (int i = 0; i < 4; i++)
        {
            cells[i] = new Cell(column + (i - back) * dc, row + (i - back) * dr);
        }

        return cells;
    }

    private static bool Owns(ulong owner, int column, int row) =>
        (uint)column < Columns && (uint)row < Rows && (owner & CellBit(column, row)) != 0;
}
