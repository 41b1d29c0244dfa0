namespace Connect4.Engine.Rules;

/// <summary>A disc's colour, and so a side. Red always moves first.</summary>
public enum Disc
{
    Red,
    Yellow,
}
