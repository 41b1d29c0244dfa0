using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A finished game's rematch, as the game stores it: a player's offer until it lapses, then, once accepted, the new
/// game's id. The id is stored before the new game is made (<see cref="NewGameReady"/> false), so whatever fails
/// midway, the next attempt makes that same game, never another.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchState")]
public sealed record RematchState
{
    /// <summary>Who offered, while no rematch has started.</summary>
    [Id(0)]
    public Color? OfferedBy { get; init; }

    /// <summary>When the offer lapses.</summary>
    [Id(1)]
    public DateTimeOffset? OfferExpires { get; init; }

    /// <summary>The rematch's game, once decided.</summary>
    [Id(2)]
    public string? NewGameId { get; init; }

    /// <summary>Whether the new game was made and listed with both players (until then the game finishes the job).</summary>
    [Id(3)]
    public bool NewGameReady { get; init; }
}

/// <summary>What a rematch's new game starts from: the finished game, the new seats (colours swapped) and the same options.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchSeed")]
public sealed record RematchSeed(
    [property: Id(0)] string FromGameId,
    [property: Id(1)] PlayerInfo Red,
    [property: Id(2)] PlayerInfo Yellow,
    [property: Id(3)] CreateGameOptions Options);
