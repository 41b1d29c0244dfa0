using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>The player's side of a rematch: the new game joins the unfinished list, as a joined game does.</summary>
public sealed partial class PlayerGrain : IRematchPlayer
{
    // The gateways hear RematchStarted rather than GameListed: their connections send rematch-started before the new
    // game's snapshot, and leave the finished game.
    Task IRematchPlayer.ListRematch(string gameId, string newGameId) => AddGame(newGameId, new RematchStarted(gameId, newGameId));
}
