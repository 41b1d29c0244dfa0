using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>The grain calls of PROTOCOL.md section 13's reads: each is safe to repeat, so retried.</summary>
internal sealed partial class SessionCore
{
    /// <summary>The profile of <paramref name="playerId"/> (this connection's player when null); not-found for a player never created.</summary>
    public async Task<PlayerProfile> ProfileAsync(string? playerId) =>
        await _calls.Retrying(() => _client.GetGrain<IPlayerGrain>(playerId ?? PlayerId!).FindProfile()) ?? throw NoSuchPlayer();

    public async Task<HistoryPage> HistoryAsync(string? playerId, long? before, int limit) =>
        await _calls.Retrying(() => _client.GetGrain<IPlayerGrain>(playerId ?? PlayerId!).History(before, limit)) ?? throw NoSuchPlayer();

    private static ProtocolException NoSuchPlayer() => new(RuleCodes.NotFound, "There is no such player.");
}
