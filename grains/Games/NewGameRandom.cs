using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// What a new game takes at random: its join and watch keys, and the creator's colour when it asks for a random one.
/// The grain draws them and hands them to <see cref="Game.Create"/>, so the rules themselves stay deterministic.
/// </summary>
public sealed record NewGameRandom(string JoinKey, string WatchKey, Color Color)
{
    public static NewGameRandom Draw(string gameId) =>
        new(GameKeys.NewKey(gameId), GameKeys.NewKey(gameId), Random.Shared.Next(2) == 0 ? Color.Red : Color.Yellow);
}
