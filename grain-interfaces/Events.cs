using System.Text.Json.Serialization;

namespace Connect4.GrainInterfaces;

/// <summary>Something a game (or a player) tells the connections that follow it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$e")]
[JsonDerivedType(typeof(MoveMade), "move")]
[JsonDerivedType(typeof(GameEnded), "over")]
[JsonDerivedType(typeof(SeatTaken), "joined-by")]
[JsonDerivedType(typeof(PresenceChanged), "presence")]
[JsonDerivedType(typeof(SpectatorsChanged), "spectators")]
[JsonDerivedType(typeof(GameListed), "listed")]
public abstract record GameEvent(string GameId);

/// <summary>A disc was played. <see cref="Ply"/> counts the moves after this one.</summary>
public sealed record MoveMade(string GameId, int Ply, Color Player, int Column, int Row, Color? Turn) : GameEvent(GameId);

/// <summary>The game is over. <see cref="Ply"/> is the move count at the end.</summary>
public sealed record GameEnded(string GameId, int Ply, GameResult Result, EndReason Reason, IReadOnlyList<Cell>? Line) : GameEvent(GameId);

/// <summary>A second player took the free seat.</summary>
public sealed record SeatTaken(string GameId, Color Color, PlayerInfo Player) : GameEvent(GameId);

/// <summary>A player's first connection to the game opened, or its last one closed.</summary>
public sealed record PresenceChanged(string GameId, Color Color, bool Online) : GameEvent(GameId);

/// <summary>The number of spectators changed.</summary>
public sealed record SpectatorsChanged(string GameId, int Count) : GameEvent(GameId);

/// <summary>Sent by a player grain to each connection of its player: the player now has this unfinished game.</summary>
public sealed record GameListed(string GameId) : GameEvent(GameId);
