using System.Text;

namespace Connect4.Engine.Rules;

/// <summary>A board written as moves (column digits) and drawn as text.</summary>
public readonly partial struct Board
{
    /// <summary>
    /// Replays 0-based <paramref name="columns"/> from the empty board.
    /// Throws <see cref="ArgumentException"/> naming the (0-based) index of the first illegal move:
    /// a column outside 0..6, a full column, or any move after a four was completed.
    /// The last move may complete a four.
    /// </summary>
    public static Board FromMoves(IEnumerable<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);

        Board board = Empty;
        bool won = false;
        int index = 0;
        foreach (int column in columns)
        {
            board = Replay(board, column, index, ref won, oneBased: false, nameof(columns));
            index++;
        }

        return board;
    }

    /// <summary>
    /// Replays a move string of 1-based column digits '1'..'7' (the format of the test data files),
    /// e.g. "4455". Throws <see cref="FormatException"/> when any character is not one of those digits
    /// (checked first, for the whole string), and then <see cref="ArgumentException"/> as
    /// <see cref="FromMoves"/> does, naming the 0-based index of the first illegal move.
    /// </summary>
    public static Board FromMoveString(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);

        for (int i = 0; i < digits.Length; i++)
        {
            char c = digits[i];
            if (c < '1' || c > '7')
            {
                throw new FormatException(
                    $"Invalid character '{c}' at index {i} of the move string; expected column digits 1 to 7.");
            }
        }

        Board board = Empty;
        bool won = false;
        for (int i = 0; i < digits.Length; i++)
        {
            board = Replay(board, digits[i] - '1', i, ref won, oneBased: true, nameof(digits));
        }

        return board;
    }

    /// <summary>A picture of the board, top row first: 'R', 'Y' or '.', one line per row.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder((Columns + 1) * Rows + 32);
        sb.Append("Ply ").Append(Ply).Append(", ").Append(ToMove == Disc.Red ? "Red" : "Yellow").Append(" to move");
        for (int row = Rows - 1; row >= 0; row--)
        {
            sb.Append('\n');
            for (int column = 0; column < Columns; column++)
            {
                sb.Append(DiscAt(column, row) switch
                {
                    Disc.Red => 'R',
                    Disc.Yellow => 'Y',
                    _ => '.',
                });
            }
        }

        return sb.ToString();
    }

    private static Board Replay(Board board, int column, int index, ref bool won, bool oneBased, string paramName)
    {
        if (won)
        {
            throw new ArgumentException(
                $"Move at index {index} (column {Label(column, oneBased)}) is illegal: the game was already won by a four.",
                paramName);
        }

        if ((uint)column >= Columns)
        {
            throw new ArgumentException(
                $"Move at index {index} is illegal: column {Label(column, oneBased)} is not between {Label(0, oneBased)} and {Label(Columns - 1, oneBased)}.",
                paramName);
        }

        if (!board.CanPlay(column))
        {
            throw new ArgumentException(
                $"Move at index {index} is illegal: column {Label(column, oneBased)} is full.",
                paramName);
        }

        won = board.IsWinningMove(column);
        return board.Play(column);
    }

    private static string Label(int column, bool oneBased) =>
        (oneBased ? column + 1 : column).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
