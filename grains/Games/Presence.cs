namespace Connect4.Grains.Games;

/// <summary>
/// Who is with a game now, as its followers show it: whether each seat's player is online, and how many watch. The
/// other followers are told when it changes.
/// </summary>
public readonly record struct Presence(bool Red, bool Yellow, int Spectators);
