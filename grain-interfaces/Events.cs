using System.Text.Json.Serialization;
using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>Something a game (or a player) tells the gateways that follow it.</summary>
[GenerateSerializer]
[Alias("connect4.GameEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(MoveMade), "move")]
[JsonDerivedType(typeof(GameEnded), "over")]
[JsonDerivedType(typeof(SeatTaken), "joined-by")]
[JsonDerivedType(typeof(PresenceChanged), "presence")]
[JsonDerivedType(typeof(SpectatorsChanged), "spectators")]
[JsonDerivedType(typeof(GameListed), "listed")]
[JsonDerivedType(typeof(RematchOffered), "rematch-offer")]
[JsonDerivedType(typeof(RematchDeclined), "rematch-declined")]
[JsonDerivedType(typeof(RematchStarted), "rematch-started")]
[JsonDerivedType(typeof(ChatSaid), "chat")]
[JsonDerivedType(typeof(SeekPaired), "paired")]
public abstract record GameEvent([property: Id(0)] string GameId);

/// <summary>
/// A disc was played. <see cref="Ply"/> counts the moves after this one; <see cref="Clock"/>, in a timed game, is each
/// side's time left after it.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.MoveMade")]
public sealed record MoveMade(
    string GameId,
    [property: Id(0)] int Ply,
    [property: Id(1)] Color Player,
    [property: Id(2)] int Column,
    [property: Id(3)] int Row,
    [property: Id(4)] Color? Turn,
    [property: Id(5)] MoveClock? Clock = null) : GameEvent(GameId);

/// <summary>The game is over. <see cref="Ply"/> is the move count at the end.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameEnded")]
public sealed record GameEnded(
    string GameId,
    [property: Id(0)] int Ply,
    [property: Id(1)] GameResult Result,
    [property: Id(2)] EndReason Reason,
    [property: Id(3)] IReadOnlyList<Cell>? Line,
    [property: Id(10)] GameRatings? Ratings = null) : GameEvent(GameId);

/// <summary>A second player took the free seat.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.SeatTaken")]
public sealed record SeatTaken(string GameId, [property: Id(0)] Color Color, [property: Id(1)] PlayerInfo Player) : GameEvent(GameId);

/// <summary>
/// A player's first connection to the game opened, or its last one closed. <see cref="ClaimableIn"/>, when a player of
/// an untimed game between two people goes offline, is the wait in milliseconds before the other may claim the game.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PresenceChanged")]
public sealed record PresenceChanged(string GameId, [property: Id(0)] Color Color, [property: Id(1)] bool Online, [property: Id(2)] long? ClaimableIn = null)
    : GameEvent(GameId);

/// <summary>The number of spectators changed.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.SpectatorsChanged")]
public sealed record SpectatorsChanged(string GameId, [property: Id(0)] int Count) : GameEvent(GameId);

/// <summary>Sent by a player grain to the gateways of its player: the player now has this unfinished game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameListed")]
public sealed record GameListed(string GameId) : GameEvent(GameId);
