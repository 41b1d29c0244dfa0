using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>Quick play: its grain calls, and following a paired game.</summary>
internal sealed partial class SessionCore
{
    /// <summary>
    /// Seeks a game; tried once. A second seek returns the same id only while the first still waits: a retry after an
    /// attempt that timed out but was paired meanwhile would seek anew and pair the player twice (bench seek saw it).
    /// </summary>
    public Task<string> SeekAsync(ClockSettings? clock, bool rated) =>
        _calls.Once(() => _client.GetGrainByKey<IPlayerSeeks>(PlayerId!).Seek(clock, rated));

    /// <summary>Withdraws a seek; tried once, since a repeat after a lost reply would read as not-found.</summary>
    public Task UnseekAsync(string seekId) => _calls.Once(() => _client.GetGrainByKey<IPlayerSeeks>(PlayerId!).Unseek(seekId));

    /// <summary>
    /// A seek of this player was paired: unless this connection follows the game already, it is sent <c>paired</c>, then
    /// the game's snapshot, and follows the game from then on, as after <c>join</c>.
    /// </summary>
    private async Task FollowPairedAsync(SeekPaired paired)
    {
        await _gate.WaitAsync(_closed.Token);
        try
        {
            if (!_feeds.IsFollowing(paired.GameId))
            {
                await FollowLockedAsync(paired.GameId, null, _dialect.Render(paired));
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
