using System.Diagnostics;

namespace Connect4.Grains.Games;

/// <summary>The bot's moves: asked for off the grain's turns, played in a turn of their own.</summary>
public sealed partial class GameGrain
{
    /// <summary>
    /// When it is the bot's move, asks the bot for one without waiting for it here: the search runs on the bot's own
    /// threads, and its answer comes back to this game through <see cref="IGameBotCallback"/>, as a call of its own
    /// (a continuation on this activation would run between the turns of other calls). Should the activation end
    /// meanwhile, the next one asks again.
    /// </summary>
    private void StartBotMoveIfDue()
    {
        if (_game.BotLevelToMove is not { } level)
        {
            return;
        }

        var board = _game.Board;
        var gameId = GameId;
        var self = this.AsReference<IGameBotCallback>();
        _ = Task.Run(async () =>
        {
            // The bot knows positions, not games: the scope puts the game's id on the lines it logs.
            using var scope = _logger.BeginScope(new KeyValuePair<string, object>[] { new("GameId", gameId) });
            try
            {
                var started = Stopwatch.GetTimestamp();
                var column = await _bot.ChooseMove(board, level);
                _metrics.BotAnswered(level, Stopwatch.GetElapsedTime(started));
                await self.PlayBotMove(board.Ply, column);
            }
            catch (Exception e)
            {
                LogBotMoveFailed(gameId, board.Ply, e.Message);
            }
        });
    }

    async Task IGameBotCallback.PlayBotMove(int ply, int column)
    {
        var decision = _game.PlayBot(ply, column, _time.GetUtcNow());
        if (!decision.Changed)
        {
            LogLateBotMove(GameId, ply, _game.Ply);
            return;
        }

        await Apply(decision);
    }
}
