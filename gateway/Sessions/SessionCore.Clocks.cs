namespace Connect4.Gateway.Sessions;

/// <summary>The grain call of a claim of abandonment (PROTOCOL.md section 9).</summary>
internal sealed partial class SessionCore
{
    /// <summary>Claims the game for this connection's player; tried once (a claim that was applied would be refused as game-over).</summary>
    public Task ClaimAsync(string gameId) => _calls.Once(() => Game(gameId).Claim(PlayerId!));
}
