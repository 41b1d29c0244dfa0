using System.Text;

namespace Connect4.Bench.Common;

/// <summary>Error codes as strings without allocating for the known ones.</summary>
internal static class ErrorCodes
{
    private static readonly string[] Known =
    [
        "bad-json", "bad-request", "unknown-type", "not-authenticated", "rate-limited", "unsupported", "unavailable",
        "internal", "auth-failed", "not-found", "game-full", "own-game", "not-a-player", "not-started", "not-your-turn",
        "bad-column", "column-full", "game-over", "stale", "not-allowed",
    ];

    private static readonly byte[][] KnownUtf8 = Known.Select(Encoding.UTF8.GetBytes).ToArray();

    public static string Of(ReadOnlySpan<byte> code)
    {
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (code.SequenceEqual(KnownUtf8[i]))
            {
                return Known[i];
            }
        }

        return code.IsEmpty ? "(no code)" : Encoding.UTF8.GetString(code);
    }
}
