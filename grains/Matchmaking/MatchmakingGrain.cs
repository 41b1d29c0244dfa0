using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using Connect4.Grains.Players;
using Connect4.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Matchmaking;

/// <summary>
/// One quick-play pool's grain: a <see cref="SeekPool"/> in memory and a one-shot timer set to the pool's
/// <see cref="SeekPool.NextPairingAt"/>, so two seeks are paired as soon as they are compatible, not at a poll.
/// </summary>
/// <remarks>
/// Seeks are not durable: a silo's death (or this grain's deactivation) loses them, and their players seek again
/// (docs/PROTOCOL.md, this server's choices). A pairing makes its game first (idempotent by its id, as a rematch's is),
/// then lists it with both players; a failure there is logged and the two seeks are gone: the players seek again.
/// </remarks>
public sealed partial class MatchmakingGrain(ILogger<MatchmakingGrain> logger, TimeProvider time, GameMetrics metrics) : Grain, IMatchmakingGrain
{
    /// <summary>Long enough that a lone seek outlives idle collection while it waits.</summary>
    private static readonly TimeSpan KeepWhileSeeking = TimeSpan.FromHours(2);

    private readonly SeekPool _pool = new();
    private readonly Dictionary<string, PlayerInfo> _players = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;

    /// <summary>When the timer fires next; null while it is stopped or running.</summary>
    private DateTimeOffset? _dueAt;

    private string PoolKey => this.GetPrimaryKeyString();

    public Task<string> Add(SeekRequest request)
    {
        var pool = new PoolKey(request.Clock, request.Rated);
        var seek = _pool.Add(PoolKeys.NewSeekId(PoolKey), request.Player.PlayerId, request.Rating, pool, time.GetUtcNow());
        _players[seek.SeekId] = request.Player;
        DelayDeactivation(KeepWhileSeeking);
        Schedule();
        ReportSeeks();
        return Task.FromResult(seek.SeekId);
    }

    public Task<bool> Remove(string playerId, string seekId)
    {
        // A seek gone never makes a pair sooner: the timer stays, and a round that finds nothing sets it again.
        var removed = _pool.Remove(seekId, playerId) is not null;
        _players.Remove(seekId);
        ReportSeeks();
        return Task.FromResult(removed);
    }

    public Task Lapse(string playerId)
    {
        foreach (var seek in _pool.Lapse(playerId))
        {
            _players.Remove(seek.SeekId);
            LogLapsed(PoolKey, seek.SeekId, playerId);
        }

        ReportSeeks();
        return Task.CompletedTask;
    }

    /// <summary>Tells the silo's metrics how many seeks wait in this pool now (after each change).</summary>
    private void ReportSeeks() => metrics.SeeksWaiting(PoolKey, _pool.Seeks.Count);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.PoolClosed(PoolKey);
        return Task.CompletedTask;
    }

    /// <summary>Sets the timer to the next moment a pair can be made, or stops it when none can.</summary>
    /// <remarks>
    /// NextPairingAt looks at every two seeks; in a burst of seeks a round is usually due already, and then it is not asked
    /// again (the round asks it after pairing), so a burst costs one look, not one per seek.
    /// </remarks>
    private void Schedule()
    {
        var now = time.GetUtcNow();
        if (_dueAt is { } pending && pending <= now)
        {
            return;
        }

        if (_pool.NextPairingAt(now) is not { } at)
        {
            _dueAt = null;
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        _dueAt = at;

        var due = at <= now ? TimeSpan.Zero : at - now;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(PairAsync, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// A round: pairs, then starts each pair's game without waiting for it, so the next round (the timer fires again only
    /// once this callback returns) never waits behind the games of this one. Each game's failure is caught and logged.
    /// </summary>
    private Task PairAsync(CancellationToken cancellationToken)
    {
        _dueAt = null;
        var now = time.GetUtcNow();
        var round = _pool.Pair(now, () => Random.Shared.Next(2) == 0);
        var games = new List<Task>();
        foreach (var pairing in round.Pairs)
        {
            metrics.SeekPaired(PoolKey, now - pairing.Red.Since);
            metrics.SeekPaired(PoolKey, now - pairing.Yellow.Since);
            games.Add(StartGameAsync(pairing, _players[pairing.Red.SeekId], _players[pairing.Yellow.SeekId]));
            _players.Remove(pairing.Red.SeekId);
            _players.Remove(pairing.Yellow.SeekId);
        }

        foreach (var withdrawn in round.Withdrawn)
        {
            _players.Remove(withdrawn.SeekId);
        }

        Schedule();
        ReportSeeks();
        _ = Task.WhenAll(games);
        return Task.CompletedTask;
    }

    /// <summary>Makes the pair's game with both seated, then lists it with each player, whose gateways then follow it.</summary>
    private async Task StartGameAsync(Pairing pairing, PlayerInfo red, PlayerInfo yellow)
    {
        var gameId = GameKeys.NewGameId();
        try
        {
            // The rematch's way to make a game with both seats taken at once; its origin names the seek, not a game.
            var options = new CreateGameOptions(OpponentKind.Human, ColorChoice.Red, null, pairing.Red.Pool.Clock, Public: true, Rated: pairing.Red.Pool.Rated);
            await GrainFactory.GetGrainByKey<IRematchGame>(gameId).StartAsRematch(new RematchSeed($"seek:{pairing.Red.SeekId}", red, yellow, options));
            await Task.WhenAll(
                GrainFactory.GetGrainByKey<IQuickPlayPlayer>(red.PlayerId).ListPaired(pairing.Red.SeekId, gameId, Color.Red),
                GrainFactory.GetGrainByKey<IQuickPlayPlayer>(yellow.PlayerId).ListPaired(pairing.Yellow.SeekId, gameId, Color.Yellow));
            LogPaired(PoolKey, gameId, red.PlayerId, yellow.PlayerId);
        }
        catch (Exception e)
        {
            LogPairingFailed(PoolKey, gameId, red.PlayerId, yellow.PlayerId, e.Message);
        }
    }

    [LoggerMessage(2300, LogLevel.Information, "Pool {Pool}: game {GameId} paired {RedPlayerId} (red) with {YellowPlayerId} (yellow)")]
    private partial void LogPaired(string pool, string gameId, string redPlayerId, string yellowPlayerId);

    [LoggerMessage(2301, LogLevel.Warning, "Pool {Pool}: game {GameId} for {RedPlayerId} and {YellowPlayerId} could not be made or listed; their seeks are gone: {Reason}")]
    private partial void LogPairingFailed(string pool, string gameId, string redPlayerId, string yellowPlayerId, string reason);

    [LoggerMessage(2302, LogLevel.Information, "Pool {Pool}: seek {SeekId} of {PlayerId} lapsed (its last connection closed)")]
    private partial void LogLapsed(string pool, string seekId, string playerId);
}
