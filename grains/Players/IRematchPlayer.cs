namespace Connect4.Grains.Players;

/// <summary>A finished game's call to each of its human players when its rematch starts. Internal to the grains.</summary>
internal interface IRematchPlayer : IGrainWithStringKey
{
    /// <summary>
    /// Lists <paramref name="newGameId"/> among the player's unfinished games (once, however often it is called) and tells
    /// the player's gateways that the rematch of <paramref name="gameId"/> started, so every connection follows it.
    /// </summary>
    Task ListRematch(string gameId, string newGameId);
}
