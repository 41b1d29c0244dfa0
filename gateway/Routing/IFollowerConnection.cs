using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Routing;

/// <summary>What the <see cref="GatewayHub"/> needs of a connection: where to hand the events routed to it.</summary>
internal interface IFollowerConnection
{
    /// <summary>The connection's id on this gateway, as the games know it.</summary>
    long FollowerId { get; }

    /// <summary>An event of a game this connection follows. Called on the observer's turn: it only queues.</summary>
    void OnGameEvent(GameEvent gameEvent);

    /// <summary>An event of this connection's player (a game it gained elsewhere). It only queues.</summary>
    void OnPlayerEvent(GameEvent gameEvent);

    /// <summary>A renewal found that <paramref name="gameId"/> had <paramref name="ply"/> moves a period ago: catch up if behind.</summary>
    void OnRenewed(string gameId, int ply);
}
