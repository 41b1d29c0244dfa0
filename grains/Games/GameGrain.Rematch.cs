using Connect4.GrainInterfaces;
using Connect4.Grains.Players;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Games;

/// <summary>
/// A finished game's rematch. Accepting stores the new game's id first; only then is the new game made (idempotent by
/// that id) and listed with the players (idempotent too), and the rematch marked ready. A failure midway leaves the
/// decision stored: the next <c>rematch</c> of either player, a timer, or the next activation finishes the same game.
/// </summary>
public sealed partial class GameGrain : IGameRematch, IRematchGame
{
    /// <summary>How often a rematch whose game could not be made is tried again.</summary>
    private static readonly TimeSpan RematchRetryPeriod = TimeSpan.FromSeconds(2);

    private IGrainTimer? _rematchRetry;

    public async Task<RematchOutcome> Rematch(string playerId)
    {
        if (_game.PendingRematch is { } pending && _game.State.SeatOf(playerId) is not null)
        {
            // Decided by an earlier call that failed before the new game was made and listed (its reply may be lost).
            await StartPendingRematch();
            return new RematchOutcome(GameId, pending);
        }

        var decision = _game.Rematch(playerId, GameKeys.NewGameId(), _settings.RematchOfferLapse, _time.GetUtcNow());
        await StoreAndTell(decision);
        if (_game.PendingRematch is not { } decided)
        {
            LogRematchOffered(GameId, playerId);
            return new RematchOutcome(GameId, null);
        }

        await StartPendingRematch();
        LogRematchStarted(GameId, decided);
        return new RematchOutcome(GameId, decided);
    }

    public Task DeclineRematch(string playerId) => StoreAndTell(_game.DeclineRematch(playerId, _time.GetUtcNow()));

    async Task<CreatedGame> IRematchGame.StartAsRematch(RematchSeed seed)
    {
        var decision = _game.StartAsRematch(seed, NewGameRandom.Draw(GameId), _time.GetUtcNow());
        await Apply(decision);
        if (decision.Changed)
        {
            LogCreatedAsRematch(GameId, seed.FromGameId);
        }

        return _game.Keys;
    }

    /// <summary>Makes and lists the decided rematch's game; on failure tries again every <see cref="RematchRetryPeriod"/>, and throws.</summary>
    private async Task StartPendingRematch()
    {
        try
        {
            await MakePendingRematch();
            _rematchRetry?.Dispose();
            _rematchRetry = null;
        }
        catch (Exception e)
        {
            LogRematchUnfinished(GameId, _game.PendingRematch, e.Message);
            _rematchRetry ??= this.RegisterGrainTimer(RetryPendingRematch, RematchRetryPeriod, RematchRetryPeriod);
            throw;
        }
    }

    private async Task MakePendingRematch()
    {
        if (_game.PendingRematch is not { } newGameId || _game.RematchSeed() is not { } seed)
        {
            return;
        }

        await GrainFactory.GetGrainByKey<IRematchGame>(newGameId).StartAsRematch(seed);
        foreach (var player in new[] { seed.Red, seed.Yellow }.Where(p => !GameState.IsBot(p)))
        {
            await GrainFactory.GetGrainByKey<IRematchPlayer>(player.PlayerId).ListRematch(GameId, newGameId);
        }

        await StoreAndTell(_game.RematchReady(_time.GetUtcNow()));
    }

    /// <summary>On activation: a rematch decided by an earlier activation that did not finish making its game is finished now.</summary>
    private void ResumePendingRematch()
    {
        if (_game.PendingRematch is not null)
        {
            _rematchRetry = this.RegisterGrainTimer(RetryPendingRematch, TimeSpan.Zero, RematchRetryPeriod);
        }
    }

    private async Task RetryPendingRematch(CancellationToken cancellationToken)
    {
        try
        {
            await StartPendingRematch();
        }
        catch (Exception)
        {
            // Logged; the timer tries again.
        }
    }

    [LoggerMessage(2020, LogLevel.Information, "Game {GameId}: {PlayerId} offered a rematch")]
    private partial void LogRematchOffered(string gameId, string playerId);

    [LoggerMessage(2021, LogLevel.Information, "Game {GameId}: its rematch started as game {NewGameId}")]
    private partial void LogRematchStarted(string gameId, string newGameId);

    [LoggerMessage(2022, LogLevel.Information, "Game {GameId} created as the rematch of game {FromGameId}")]
    private partial void LogCreatedAsRematch(string gameId, string fromGameId);

    [LoggerMessage(2023, LogLevel.Warning, "Game {GameId}: its rematch {NewGameId} is decided but could not be made yet (tried again): {Reason}")]
    private partial void LogRematchUnfinished(string gameId, string? newGameId, string reason);
}
