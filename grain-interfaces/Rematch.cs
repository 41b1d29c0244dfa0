using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>
/// A finished game's rematch (PROTOCOL.md section 10), on the game's grain: the first player's <see cref="Rematch"/> is
/// an offer, the other's accepts it and starts a new game with the colours swapped (against the bot, the first starts it).
/// </summary>
/// <remarks>
/// The new game's id is stored in the finished game before the new game is made, and making it is idempotent by that id,
/// so a retried call or a silo's death midway never makes two new games nor loses the one decided (docs/ARCHITECTURE.md).
/// </remarks>
public interface IGameRematch : IGrainWithStringKey
{
    /// <summary>
    /// Offers a rematch, or accepts the opponent's offer. Refused with not-found, not-a-player, and not-allowed when the
    /// game is not over or its rematch already started.
    /// </summary>
    Task<RematchOutcome> Rematch(string playerId);

    /// <summary>Declines the opponent's live offer; not-allowed when there is none.</summary>
    Task DeclineRematch(string playerId);
}

/// <summary>What a <c>rematch</c> did: an offer, or the start of <see cref="NewGameId"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchOutcome")]
public sealed record RematchOutcome([property: Id(0)] string GameId, [property: Id(1)] string? NewGameId)
{
    public bool Started => NewGameId is not null;
}

/// <summary>A finished game's rematch as its snapshot shows it: a live offer, or the new game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchView")]
public sealed record RematchView([property: Id(0)] Color? OfferedBy, [property: Id(1)] string? NewGameId);

/// <summary>A player offered a rematch; for the opponent's connections.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchOffered")]
public sealed record RematchOffered(string GameId, [property: Id(0)] Color From) : GameEvent(GameId);

/// <summary>The offer of <see cref="Offerer"/> was declined; for the offerer's connections.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchDeclined")]
public sealed record RematchDeclined(string GameId, [property: Id(0)] Color Offerer) : GameEvent(GameId);

/// <summary>
/// The rematch of <see cref="GameEvent.GameId"/> started as <see cref="NewGameId"/>. Sent by a player grain to its
/// player's gateways, as <see cref="GameListed"/> is for other new games: every connection of the player follows it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RematchStarted")]
public sealed record RematchStarted(string GameId, [property: Id(0)] string NewGameId) : GameEvent(GameId);
