using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>The grain calls of PROTOCOL.md section 13's reads: each is safe to repeat, so retried.</summary>
internal sealed partial class SessionCore
{
    /// <summary>The profile of <paramref name="playerId"/> (this connection's player when null); not-found for a player never created.</summary>
    public async Task<PlayerProfile> ProfileAsync(string? playerId) =>
        await _calls.Retrying(() => _client.GetGrainByKey<IPlayerGrain>(playerId ?? PlayerId!).FindProfile()) ?? throw NoSuchPlayer();

    public async Task<HistoryPage> HistoryAsync(string? playerId, long? before, int limit) =>
        await _calls.Retrying(() => _client.GetGrainByKey<IPlayerGrain>(playerId ?? PlayerId!).History(before, limit)) ?? throw NoSuchPlayer();

    /// <summary>The leaderboard's top <paramref name="limit"/>: one grain's read, never the players'.</summary>
    public Task<IReadOnlyList<LeaderboardEntry>> LeaderboardAsync(int limit) =>
        _calls.Retrying(() => _client.GetGrainByKey<ILeaderboardGrain>(ILeaderboardGrain.Key).Top(limit));

    /// <summary>The <paramref name="limit"/> highest-rated public games in progress (section 14): one grain's read, never the games'.</summary>
    public Task<IReadOnlyList<LiveGame>> LiveAsync(int limit) =>
        _calls.Retrying(() => _client.GetGrainByKey<ILiveGamesGrain>(ILiveGamesGrain.Key).Top(limit));

    private static ProtocolException NoSuchPlayer() => new(RuleCodes.NotFound, "There is no such player.");
}
