using System.Globalization;
using System.Text;
using Orleans.Concurrency;

namespace Connect4.GrainInterfaces;

/// <summary>A game's chat (PROTOCOL.md section 11), on the game's grain.</summary>
public interface IGameChat : IGrainWithStringKey
{
    /// <summary>
    /// Says <paramref name="text"/> in the room of <paramref name="speaker"/>: the players' room for a player of the game,
    /// the spectators' room for a connection that follows it otherwise (anyone else: not-found). Refused with bad-request
    /// for a text <see cref="ChatText"/> does not allow, and rate-limited beyond the speaker's budget.
    /// </summary>
    Task Say(PlayerInfo speaker, string text);
}

/// <summary>Who may read a chat line: the two players, or the spectators.</summary>
[GenerateSerializer]
[Alias("connect4.ChatRoom")]
public enum ChatRoom
{
    Players,
    Spectators,
}

/// <summary>One line of a game's chat. <see cref="Seq"/> numbers the game's lines (both rooms) from 1.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.ChatLine")]
public sealed record ChatLine(
    [property: Id(0)] long Seq,
    [property: Id(1)] ChatRoom Room,
    [property: Id(2)] PlayerInfo From,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset At);

/// <summary>A line was said; for the connections that may read its room.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.ChatSaid")]
public sealed record ChatSaid(string GameId, [property: Id(0)] ChatLine Line) : GameEvent(GameId);

/// <summary>
/// The rule for a chat line's text: 1 to <see cref="MaxLength"/> characters (grapheme clusters, as a reader counts them)
/// after trimming, and no control characters: no C0 or C1 control (line breaks and tabs included), no line or paragraph
/// separator, and none of the bidirectional embeddings, overrides and isolates, which would reorder the text shown
/// after the line. The gateway checks it before calling the game, and the game again.
/// </summary>
public static class ChatText
{
    public const int MaxLength = 280;

    /// <summary>The trimmed text, or null when it breaks the rule.</summary>
    public static string? Normalize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.EnumerateRunes().Any(IsRefused))
        {
            return null;
        }

        return new StringInfo(trimmed).LengthInTextElements <= MaxLength ? trimmed : null;
    }

    private static bool IsRefused(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069;
}
