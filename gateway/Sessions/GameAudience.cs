using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// Which of a game's events a connection may be sent, by how it sees the game. A game tells each gateway its events once,
/// whoever follows there; most are for every follower, but a chat room is read only by its own (the players, or the
/// spectators), and a rematch's offer and decline are for one player. A player who also watches its game by its watch
/// key is a player there all the same (the game says so in its snapshot).
/// </summary>
internal static class GameAudience
{
    public static bool Sees(ViewerRole role, GameEvent gameEvent) => gameEvent switch
    {
        ChatSaid chat => chat.Line.Room == (role == ViewerRole.Spectator ? ChatRoom.Spectators : ChatRoom.Players),
        RematchOffered offer => role == RoleOf(offer.From == Color.Red ? Color.Yellow : Color.Red),
        RematchDeclined declined => role == RoleOf(declined.Offerer),
        _ => true,
    };

    private static ViewerRole RoleOf(Color color) => color == Color.Red ? ViewerRole.Red : ViewerRole.Yellow;
}
