namespace Connect4.Grains.Games;

/// <summary>
/// A finished game's call to the game its rematch starts, keyed by the id the finished game decided and stored. Internal
/// to the grains: no client makes a game this way.
/// </summary>
internal interface IRematchGame : IGrainWithStringKey
{
    /// <summary>Makes this game the rematch <paramref name="seed"/> describes, once: a repeat with the same seed changes nothing. Returns its keys.</summary>
    Task<GrainInterfaces.CreatedGame> StartAsRematch(RematchSeed seed);
}
