using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>A quick-play pool's call to each player it paired. Internal to the grains.</summary>
internal interface IQuickPlayPlayer : IGrainWithStringKey
{
    /// <summary>
    /// Lists <paramref name="gameId"/> among the player's unfinished games and tells its gateways (<see cref="SeekPaired"/>);
    /// the player's other seeks are withdrawn, since it has its game.
    /// </summary>
    Task ListPaired(string seekId, string gameId, Color color);
}
