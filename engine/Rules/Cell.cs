namespace Connect4.Engine.Rules;

/// <summary>A cell of the board: column 0 to 6 from the left, row 0 to 5 from the bottom.</summary>
public readonly record struct Cell(int Column, int Row);
