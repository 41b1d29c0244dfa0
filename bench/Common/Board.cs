using System.Numerics;

namespace Connect4.Bench.Common;

/// <summary>
/// The client's own copy of a board, to pick legal moves and know when a game ends: a column is legal while it has
/// fewer than 6 discs and the game is not over. Bitboards of 7 bits per column (6 rows and a sentinel).
/// </summary>
internal sealed class Board
{
    public const int Columns = 7;
    public const int Rows = 6;

    private readonly int[] _heights = new int[Columns];
    private readonly ulong[] _discs = new ulong[2];

    public int Ply { get; private set; }

    public bool IsOver { get; private set; }

    public void Reset()
    {
        Array.Clear(_heights);
        Array.Clear(_discs);
        Ply = 0;
        IsOver = false;
    }

    public bool IsLegal(int column) => !IsOver && (uint)column < Columns && _heights[column] < Rows;

    /// <summary>A uniformly random legal column; the game must not be over.</summary>
    public int RandomLegal(Random random)
    {
        var legal = 0;
        for (var c = 0; c < Columns; c++)
        {
            legal += _heights[c] < Rows ? 1 : 0;
        }

        var pick = random.Next(legal);
        for (var c = 0; c < Columns; c++)
        {
            if (_heights[c] < Rows && pick-- == 0)
            {
                return c;
            }
        }

        throw new InvalidOperationException("no legal column");
    }

    /// <summary>Whether playing <paramref name="column"/> (legal) would end the game: a four for the side to move, or a full board.</summary>
    public bool EndsGame(int column) =>
        Ply + 1 == Columns * Rows || HasFour(_discs[Ply & 1] | 1UL << (column * 7 + _heights[column]));

    /// <summary>
    /// A uniformly random legal column among those that do not end the game (<see cref="EndsGame"/>); when every legal
    /// column ends it, a uniformly random legal one. The game must not be over.
    /// </summary>
    public int RandomNotEnding(Random random)
    {
        Span<int> open = stackalloc int[Columns];
        var count = 0;
        for (var c = 0; c < Columns; c++)
        {
            if (_heights[c] < Rows && !EndsGame(c))
            {
                open[count++] = c;
            }
        }

        return count > 0 ? open[random.Next(count)] : RandomLegal(random);
    }

    /// <summary>Plays <paramref name="column"/> for the side to move; returns the row the disc lands on.</summary>
    public int Play(int column)
    {
        if (!IsLegal(column))
        {
            throw new InvalidOperationException($"column {column} is not legal at ply {Ply}");
        }

        var row = _heights[column]++;
        var side = Ply & 1;
        _discs[side] |= 1UL << (column * 7 + row);
        Ply++;
        IsOver = HasFour(_discs[side]) || Ply == Columns * Rows;
        return row;
    }

    private static bool HasFour(ulong b)
    {
        // Vertical (1), horizontal (7), and the two diagonals (6, 8); the sentinel row stops wrap-around.
        ReadOnlySpan<int> directions = [1, 7, 6, 8];
        foreach (var d in directions)
        {
            var m = b & (b >> d);
            if ((m & (m >> (2 * d))) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public int Discs => BitOperations.PopCount(_discs[0] | _discs[1]);
}
