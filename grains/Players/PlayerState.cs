namespace Connect4.Grains.Players;

/// <summary>What a player stores.</summary>
public sealed class PlayerState
{
    public string Name { get; set; } = "";
    public List<string> Games { get; set; } = [];
    public int Wins { get; set; }
    public int Losses { get; set; }
    public int Draws { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
