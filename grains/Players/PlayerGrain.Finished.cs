using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>
/// A game's end, as its player records it: the unfinished list, the record, the history's count and, for a rated game,
/// the rating, all in one write, after the game's history entry is stored in its page. The game tells it until it
/// answers, so each part is applied once by the game's id.
/// </summary>
public sealed partial class PlayerGrain
{
    public async Task GameFinished(string gameId, GameResult result, Color color, GameRatings? ratings = null, GameRecord? record = null)
    {
        // The history's page first: until the state below is stored, the entry is past what reads show.
        var entry = await StoreEntry(gameId, result, color, ratings?.Of(color), record);
        var rated = ApplyRating(gameId, ratings?.Of(color));
        if (entry is not null)
        {
            PlayerHistory.Added(State, entry);
        }

        var listed = State.Games.Remove(gameId);
        if (listed)
        {
            CountResult(result, color);
        }

        if (!rated && entry is null && !listed)
        {
            return;
        }

        try
        {
            await _state.WriteStateAsync();
        }
        catch
        {
            // The state in memory took the game's effects that were not stored: the next activation reads the stored
            // state again, so the game's retry applies them then.
            DeactivateOnIdle();
            throw;
        }

        if (rated)
        {
            await ReportRating();
        }

        if (entry is not null)
        {
            await ClearExpiredPage(entry);
        }
    }

    private void CountResult(GameResult result, Color color)
    {
        var won = (result, color) is (GameResult.RedWins, Color.Red) or (GameResult.YellowWins, Color.Yellow);
        if (result == GameResult.Draw)
        {
            State.Draws++;
        }
        else if (won)
        {
            State.Wins++;
        }
        else
        {
            State.Losses++;
        }
    }
}
