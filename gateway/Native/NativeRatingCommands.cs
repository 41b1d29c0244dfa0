using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Native;

/// <summary>The parsers of PROTOCOL.md section 13's commands (<c>profile</c>, <c>history</c>, <c>leaderboard</c>) and section 14's <c>live</c>.</summary>
internal static class NativeRatingCommands
{
    /// <summary>Longer than any player id this server makes; a longer one names no player (not-found without a grain call).</summary>
    private const int MaxPlayerIdLength = 64;

    public static ProfileCommand Profile(CommandReader r) => new(r.Rid, PlayerId(r));

    public static HistoryCommand History(CommandReader r)
    {
        var before = r.OptionalInt("before");
        var limit = Limit(r, 50, 20);
        return before is < 1
            ? throw new ProtocolException(ErrorCodes.BadRequest, "before must be a cursor from an earlier history reply.")
            : new HistoryCommand(r.Rid, PlayerId(r), before, limit);
    }

    public static LeaderboardCommand Leaderboard(CommandReader r) => new(r.Rid, Limit(r, 100, 50));

    /// <summary>PROTOCOL.md section 14's <c>live</c>: limit 1 to 50, 20 when absent.</summary>
    public static LiveCommand Live(CommandReader r) => new(r.Rid, Limit(r, 50, 20));

    private static string? PlayerId(CommandReader r) => r.OptionalNonEmptyString("playerId") switch
    {
        { Length: > MaxPlayerIdLength } => throw new ProtocolException(GrainInterfaces.RuleCodes.NotFound, "There is no such player."),
        var id => id,
    };

    private static int Limit(CommandReader r, int max, int absent) => r.OptionalInt("limit") switch
    {
        null => absent,
        { } limit and >= 1 when limit <= max => limit,
        _ => throw new ProtocolException(ErrorCodes.BadRequest, $"limit must be 1 to {max}."),
    };
}
