namespace Connect4.Grains.Games;

/// <summary>
/// A game grain's call to itself with the bot's move. The bot searches off the grain's turns; its answer comes back
/// through this interface as a turn of its own, so it is stored and told like any other move. Internal to the grains:
/// it is no part of what clients may call (<see cref="GrainInterfaces.IGameGrain"/>).
/// </summary>
internal interface IGameBotCallback : IGrainWithStringKey
{
    /// <summary>
    /// Plays the bot's answer <paramref name="column"/>, chosen in the position after <paramref name="ply"/> moves; does
    /// nothing when the game has moved on since (or ended).
    /// </summary>
    Task PlayBotMove(int ply, int column);
}
