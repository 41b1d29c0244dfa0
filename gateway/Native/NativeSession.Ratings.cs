using Connect4.Gateway.Sessions;

namespace Connect4.Gateway.Native;

/// <summary>The handlers of PROTOCOL.md section 13's reads: <c>profile</c>, <c>history</c>, <c>leaderboard</c>.</summary>
internal sealed partial class NativeSession
{
    private async Task ProfileAsync(ProfileCommand profile) =>
        _core.Send(NativeRatingReplies.Profile(profile.Rid, await _core.ProfileAsync(profile.PlayerId)));

    private async Task HistoryAsync(HistoryCommand history) =>
        _core.Send(NativeRatingReplies.History(history.Rid, await _core.HistoryAsync(history.PlayerId, history.Before, history.Limit)));

    private async Task LeaderboardAsync(LeaderboardCommand leaderboard) =>
        _core.Send(NativeRatingReplies.Leaderboard(leaderboard.Rid, await _core.LeaderboardAsync(leaderboard.Limit)));

    private async Task LiveAsync(LiveCommand live) =>
        _core.Send(NativeRatingReplies.Live(live.Rid, await _core.LiveAsync(live.Limit)));
}
