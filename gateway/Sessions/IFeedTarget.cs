using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>What <see cref="GameFeeds"/> needs of its connection's session. Called under the feeds' lock: each only queues.</summary>
internal interface IFeedTarget
{
    /// <summary>Queues a message to the connection.</summary>
    void Send(byte[] message);

    /// <summary>The event as this dialect's message, or null when the dialect has none for it.</summary>
    byte[]? Render(GameEvent gameEvent);

    /// <summary>
    /// An event arrived past a gap and waits: if <see cref="GameFeeds.HasGap"/> still says so a moment later, the
    /// connection should fetch a fresh snapshot.
    /// </summary>
    void OnGap(string gameId);

    /// <summary>A player's connection has been sent the end of its game.</summary>
    void OnFinished(string gameId);
}
