using System.Security.Cryptography;

namespace Connect4.GrainInterfaces;

/// <summary>
/// The forms of game ids, player ids and keys. A join or watch key is <c>&lt;gameId&gt;.&lt;secret&gt;</c>: the
/// game id routes it to its game, the 128-bit secret is the capability the game checks.
/// </summary>
public static class GameKeys
{
    /// <summary>A new game id: 72 random bits, URL-safe.</summary>
    public static string NewGameId() => Random(9);

    /// <summary>A new player id: 'p' and 96 random bits, URL-safe.</summary>
    public static string NewPlayerId() => "p" + Random(12);

    /// <summary>A new join or watch key for <paramref name="gameId"/>.</summary>
    public static string NewKey(string gameId) => gameId + "." + Random(16);

    /// <summary>Whether <paramref name="text"/> has the form of the ids <see cref="NewGameId"/> makes: 12 URL-safe characters.</summary>
    public static bool IsGameId(string? text) => text is { Length: 12 } && text.All(IsUrlSafe);

    /// <summary>The game a key belongs to, or null when the text is not a key.</summary>
    public static string? GameIdOf(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 128)
        {
            return null;
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == key.Length - 1 || !key.All(c => IsUrlSafe(c) || c == '.'))
        {
            return null;
        }

        return key[..dot];
    }

    private static bool IsUrlSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static string Random(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
