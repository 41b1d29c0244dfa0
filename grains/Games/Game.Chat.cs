using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A game's chat (PROTOCOL.md section 11): two rooms, the players' and the spectators', each read only by its own.
/// Who speaks where is decided here, never by the speaker.
/// </summary>
public sealed partial class Game
{
    /// <summary>How many lines of its room a snapshot shows.</summary>
    public const int ChatShown = 50;

    /// <summary>
    /// <paramref name="speaker"/> says <paramref name="text"/>: a player of the game in the players' room (in any state of
    /// the game, after its end too), anyone else who follows the game (<paramref name="following"/>) in the spectators'.
    /// Refused with not-found for anyone else, bad-request for a text <see cref="ChatText"/> refuses, and rate-limited
    /// beyond the speaker's <paramref name="budget"/> in this game.
    /// </summary>
    public Decision Say(PlayerInfo speaker, string text, bool following, ChatBudget budget, DateTimeOffset now)
    {
        var isPlayer = Exists && State.SeatOf(speaker.PlayerId) is not null;
        if (!Exists || (!isPlayer && !following))
        {
            return Refuse(NotFound(speaker.PlayerId));
        }

        if (ChatText.Normalize(text) is not { } said)
        {
            return Refuse(new GameRuleException(RuleCodes.BadRequest,
                $"text must be 1 to {ChatText.MaxLength} characters after trimming, with no control characters.", Id, speaker.PlayerId));
        }

        var chat = State.Chat ?? new ChatLog();
        if (chat.Spend(speaker.PlayerId, budget, now) is not { } spent)
        {
            return Refuse(new GameRuleException(RuleCodes.RateLimited,
                $"Too many chat lines: at most {budget.PerSecond} a second, {budget.Burst} at once.", Id, speaker.PlayerId));
        }

        var line = new ChatLine(chat.LastSeq + 1, isPlayer ? ChatRoom.Players : ChatRoom.Spectators, speaker, said, now);
        return Accept(State with { Chat = spent.Add(line) }, Board, now, new ChatSaid(Id, line));
    }

    /// <summary>The last <see cref="ChatShown"/> lines, oldest first, of the room a viewer in <paramref name="role"/> reads.</summary>
    public IReadOnlyList<ChatLine> ChatFor(ViewerRole role)
    {
        var room = State.Chat?.Room(role == ViewerRole.Spectator ? ChatRoom.Spectators : ChatRoom.Players) ?? [];
        return room.Count <= ChatShown ? room : room.GetRange(room.Count - ChatShown, ChatShown);
    }

    /// <summary>A full snapshot as <paramref name="viewerId"/> sees it at <paramref name="now"/>: <see cref="View"/> with the rematch and the chat.</summary>
    public GameView ViewAt(string viewerId, Presence presence, DateTimeOffset now)
    {
        var view = View(viewerId, presence, now);
        return view with { Rematch = RematchAt(now), Chat = ChatFor(view.You) };
    }
}
