using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>What a stored decision adds to the game's figures (<see cref="Telemetry.GameMetrics"/>).</summary>
public sealed partial class GameGrain
{
    private void Count(Game before, Decision decision)
    {
        var moves = decision.Events.Count(e => e is MoveMade);
        if (moves > 0)
        {
            _metrics.MovesMade(moves);
        }

        // Started: both seats taken (a bot game is, from its creation); a game may start and end in one decision.
        var after = decision.Game.State;
        if (before.State.Status == GameStatus.Waiting && after.Status != GameStatus.Waiting)
        {
            _metrics.GameStarted(againstBot: after.BotLevel is not null, after.Rated);
        }

        if (decision.Ended is { } ended)
        {
            _metrics.GameFinished(ended.Reason);
        }
    }
}
