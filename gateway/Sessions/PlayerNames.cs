using System.Globalization;
using System.Text;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// The rule for player names: 1 to 24 printable characters after trimming, at most 96 bytes of UTF-8, at most
/// <see cref="MaxMarksPerCharacter"/> combining marks on any one character, and no control or invisible format
/// character other than the joiners emoji and some scripts need.
/// </summary>
/// <remarks>
/// A name is shown to other players and copied into every snapshot of every game its player sits in, so what it
/// may hold is bounded by what it weighs as well as by what it shows: a "one-character" name of one letter and
/// 1,900 combining marks would be 3.8 KB in each snapshot. Bidirectional overrides and isolates (U+202A to U+202E,
/// U+2066 to U+2069) are format characters: refused, so a name cannot reverse the text around it on others' screens.
/// </remarks>
internal static class PlayerNames
{
    public const int MaxLength = 24;
    public const int MaxBytes = 96;
    public const int MaxMarksPerCharacter = 4;

    private const char ZeroWidthNonJoiner = '\u200C';
    private const char ZeroWidthJoiner = '\u200D';

    /// <summary>The trimmed name, null when none was given; bad-request when it breaks the rule.</summary>
    public static string? Normalize(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var trimmed = name.Trim();
        return IsAllowed(trimmed) ? trimmed : throw new ProtocolException(ErrorCodes.BadRequest,
            $"name must be 1 to {MaxLength} printable characters ({MaxBytes} bytes of UTF-8 at most), with no control or invisible formatting characters.");
    }

    private static bool IsAllowed(string name)
    {
        if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return false;
        }

        var characters = StringInfo.GetTextElementEnumerator(name);
        var count = 0;
        while (characters.MoveNext())
        {
            if (++count > MaxLength || !IsPrintable(characters.GetTextElement()))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPrintable(string character)
    {
        var marks = 0;
        foreach (var rune in character.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark && ++marks > MaxMarksPerCharacter)
            {
                return false;
            }

            var refused = category is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                              or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                          || (category == UnicodeCategory.Format && rune.Value is not (ZeroWidthJoiner or ZeroWidthNonJoiner));
            if (refused)
            {
                return false;
            }
        }

        return true;
    }
}
