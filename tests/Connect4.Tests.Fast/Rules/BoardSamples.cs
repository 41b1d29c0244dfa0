using Connect4.Engine.Rules;

namespace Connect4.Tests.Rules;

/// <summary>Positions and helpers the board tests share.</summary>
internal static class BoardSamples
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
    internal const string DrawMoves = "111111222222333333544444455555666666777777";

    /// <summary>0-based column digits, e.g. "0013" -> 0, 0, 1, 3.</summary>
    internal static int[] Moves(string zeroBasedDigits) => zeroBasedDigits.Select(c => c - '0').ToArray();

    internal static Cell[] Cells(string cells) =>
        cells.Split(' ')
            .Select(p => p.Split(','))
            .Select(p => new Cell(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

    internal static ulong Bit(int column, int row) => 1UL << (column * 7 + row);

    internal static ulong Bits(params (int Column, int Row)[] cells) => cells.Aggregate(0UL, (acc, c) => acc | Bit(c.Column, c.Row));
}
