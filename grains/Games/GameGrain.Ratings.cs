using Connect4.GrainInterfaces;
using Microsoft.Extensions.Logging;

namespace Connect4.Grains.Games;

/// <summary>
/// A rated game's end (PROTOCOL.md section 13). The ratings are computed once, from both players' ratings read as the
/// game ends, and stored with the end; then both players are told until both acknowledged, and each applies the
/// game's step once by its id. So a silo that dies between the end and the players' updates loses nothing: the game's
/// next activation finds <see cref="Game.PlayersToTell"/> and tells them again. A reminder, registered before the end is
/// stored and dropped once both players answered, makes sure there is a next activation even if nobody calls the game.
/// </summary>
public sealed partial class GameGrain
{
    /// <summary><paramref name="decision"/>, with its ratings when it ends a rated game (read from the players now).</summary>
    private async Task<Decision> WithRatings(Decision decision)
    {
        if (!Game.NeedsRatings(decision))
        {
            return decision;
        }

        // Before the end is stored: a silo that dies after storing it leaves the reminder to wake the game elsewhere.
        // (If the store fails instead, the reminder finds nothing to tell and drops itself.)
        await this.RegisterOrUpdateReminder(TellPlayersReminder, _settings.ClockReminderPeriod, _settings.ClockReminderPeriod);
        var state = decision.Game.State;
        var red = GrainFactory.GetGrainByKey<IPlayerGrain>(state.Red!.PlayerId).GetRating();
        var yellow = GrainFactory.GetGrainByKey<IPlayerGrain>(state.Yellow!.PlayerId).GetRating();
        return Game.WithRatings(decision, (await red).Rating, (await yellow).Rating);
    }

    /// <summary>Tells the players of a rated game that ended and was not acknowledged yet; on failure the timer tries again.</summary>
    private async Task TellPlayersIfDue()
    {
        if (!_game.PlayersToTell || _game.State.Result is not { } result)
        {
            return;
        }

        try
        {
            await TellPlayers(result, _game.State.Ratings);
            var told = _game.WithPlayersTold();
            await Store(told.State);
            _game = told;
            await DropTellPlayersReminder();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPlayersNotTold(GameId, e.Message);
        }
    }

    /// <summary>Tells both human players the game ended (with its ratings when rated), for their records and histories; each call is idempotent.</summary>
    private async Task TellPlayers(GameResult result, GameRatings? ratings)
    {
        var state = _game.State;
        var record = new GameRecord(state.Red!, state.Yellow!, state.Reason ?? EndReason.Resign, state.Moves.Count, state.UpdatedAt);
        foreach (var color in new[] { Color.Red, Color.Yellow })
        {
            if (_game.State.Player(color) is { } player && !GameState.IsBot(player))
            {
                await GrainFactory.GetGrainByKey<IPlayerGrain>(player.PlayerId).GameFinished(GameId, result, color, ratings, record);
            }
        }
    }

    private const string TellPlayersReminder = "tell-players";

    /// <summary>The reminder's tick: tell the players if they are still to be told; otherwise the reminder has done its work.</summary>
    private async Task OnTellPlayersReminder()
    {
        await TellPlayersIfDue();
        if (!_game.PlayersToTell)
        {
            await DropTellPlayersReminder();
        }
    }

    /// <summary>Drops the reminder; a failure is logged and its next tick tries again.</summary>
    private async Task DropTellPlayersReminder()
    {
        try
        {
            if (await this.GetReminder(TellPlayersReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderFailed(GameId, "dropped", e.Message);
        }
    }

    [LoggerMessage(2006, LogLevel.Warning, "Game {GameId}: its players could not be told of its rated end ({Reason}); trying again")]
    private partial void LogPlayersNotTold(string gameId, string reason);
}
