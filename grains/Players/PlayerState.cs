namespace Connect4.Grains.Players;

/// <summary>What a player stores.</summary>
[GenerateSerializer]
[Alias("connect4.PlayerState")]
public sealed class PlayerState
{
    [Id(0)]
    public string Name { get; set; } = "";
    [Id(1)]
    public List<string> Games { get; set; } = [];
    [Id(2)]
    public int Wins { get; set; }
    [Id(3)]
    public int Losses { get; set; }
    [Id(4)]
    public int Draws { get; set; }
    [Id(5)]
    public DateTimeOffset CreatedAt { get; set; }
}
