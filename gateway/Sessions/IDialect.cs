using System.Text.Json;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// What the <see cref="SessionCore"/> needs of the protocol dialect a connection speaks: reading a client's message into
/// a command bound to its handler, and writing what the core sends in the dialect's own messages. A dialect decides no
/// ordering and holds no lock; the core calls it under its gate or under the feeds' lock, so each method only reads
/// and writes bytes.
/// </summary>
internal interface IDialect
{
    /// <summary>
    /// Reads one text message into its command, bound to the handler that runs it. A refused message throws a
    /// <see cref="ProtocolException"/>, with the rid when it could be read.
    /// </summary>
    BoundCommand Read(ReadOnlyMemory<byte> message);

    /// <summary>A refused or failed command as this dialect's error (<paramref name="code"/> and <paramref name="message"/> from <see cref="Errors.Classify"/>).</summary>
    byte[] Error(JsonElement? rid, Exception error, string code, string message);

    /// <summary>A game event as this dialect's message, or null when the dialect has none for it.</summary>
    byte[]? Render(GameEvent gameEvent);

    /// <summary>What a client that starts following a game is sent of it (after the command's reply).</summary>
    IEnumerable<byte[]> Snapshot(GameView view);

    /// <summary>
    /// What brings up to date a client that was sent the game up to ply <paramref name="seen"/> and missed what came
    /// after; null when nothing needs sending.
    /// </summary>
    IEnumerable<byte[]>? CatchUp(GameView view, int seen);

    /// <summary>Whether the connection follows the games its player creates or joins on its other connections.</summary>
    bool FollowsPlayersNewGames { get; }

    /// <summary>Whether a player's connection stops following a game once it has been sent the game's end.</summary>
    bool LeavesFinishedGames { get; }

    /// <summary>How long, when <see cref="LeavesFinishedGames"/>, a player's connection goes on following a finished game (for its rematch and chat).</summary>
    TimeSpan FinishedGameLinger => TimeSpan.Zero;
}

/// <summary>A command read from a client's message and bound to the handler that runs it.</summary>
/// <param name="Type">The command's type name, for the logs.</param>
internal readonly record struct BoundCommand(string Type, Command Command, Func<Task> Run);
