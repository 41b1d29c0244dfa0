using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Sessions;

/// <summary>The grain calls of commands, with their deadlines and retries (<see cref="Routing.GrainCalls"/>).</summary>
internal sealed partial class SessionCore
{
    public Task<CreatedGame> CreateGameAsync(CreateGameOptions options) => _calls.Once(() => Player().CreateGame(options));

    public Task<GameView> JoinGameAsync(string joinKey) => _calls.Once(() => Player().JoinGame(joinKey));

    /// <summary>
    /// Plays a move and returns the game's ply after it. A move with its <paramref name="ply"/> is never played twice (the
    /// game refuses a repeat as stale), so it is retried across a silo's death; one without is tried once.
    /// </summary>
    public Task<int> PlayAsync(string gameId, int column, int? ply) => ply is { } at
        ? PlayRetryingAsync(gameId, column, at)
        : PlayOnceAsync(gameId, column);

    private async Task<int> PlayOnceAsync(string gameId, int column) => Delivered(await _calls.Once(() => PlayFrom(gameId, column, null)));

    /// <summary>The game's events for this gateway came with the reply: they go to its connections as if sent on their own.</summary>
    private int Delivered(PlayedMove played)
    {
        _hub.Route(played.Events);
        return played.Ply;
    }

    private Task<PlayedMove> PlayFrom(string gameId, int column, int? ply) => Game(gameId).PlayFrom(_hub.Self, PlayerId!, column, ply);

    /// <summary>
    /// A retry refused as stale (or game-over, after a last move) is checked against the game: when the move at that ply
    /// is this one, an earlier attempt was played and only its reply was lost, and the move is acknowledged.
    /// </summary>
    private async Task<int> PlayRetryingAsync(string gameId, int column, int at)
    {
        var attempts = 0;
        try
        {
            return Delivered(await _calls.Retrying(() =>
            {
                attempts++;
                return PlayFrom(gameId, column, at);
            }));
        }
        catch (GameRuleException e) when (e.Code is RuleCodes.Stale or RuleCodes.GameOver && attempts > 1)
        {
            var view = await ViewAsync(gameId);
            var mine = view.You == (at % 2 == 0 ? ViewerRole.Red : ViewerRole.Yellow);
            if (mine && view.Moves.Count > at && view.Moves[at] == column)
            {
                return at + 1;
            }

            throw;
        }
    }

    public Task ResignAsync(string gameId) => _calls.Once(() => Game(gameId).Resign(PlayerId!));

    public Task<GameAnalysis> AnalyzeAsync(string gameId, int? ply) => _calls.Once(() => Game(gameId).Analyze(PlayerId!, ply));

    /// <summary>The game as this connection's player sees it; safe to repeat, so retried.</summary>
    public Task<GameView> ViewAsync(string gameId) => _calls.Retrying(() => Game(gameId).GetView(PlayerId!));

    private IGameGrain Game(string gameId) => _client.GetGrainByKey<IGameGrain>(gameId);

    private IPlayerGrain Player() => _client.GetGrainByKey<IPlayerGrain>(PlayerId!);
}
