using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// Abandonment (PROTOCOL.md section 9): in an untimed game between two people, a player whose opponent has had no
/// connection following the game for a while may claim it. Who is connected is the grain's to know (it holds the
/// leases); the rules take since when the opponent has been away, and the wait.
/// </summary>
public sealed partial class Game
{
    /// <summary>Whether abandonment can apply to this game: untimed, between two people, being played.</summary>
    public bool Abandonable => Exists && !Timed && State.BotLevel is null && Status == GameStatus.Playing;

    /// <summary>
    /// The wait left at <paramref name="now"/> before a player away since <paramref name="awaySince"/> may be claimed
    /// against (zero once allowed); null when abandonment does not apply to this game.
    /// </summary>
    public TimeSpan? ClaimableIn(DateTimeOffset awaySince, TimeSpan abandonAfter, DateTimeOffset now) =>
        Abandonable ? TimeSpan.FromTicks(Math.Max(0, (awaySince + abandonAfter - now).Ticks)) : null;

    /// <summary>
    /// Claims the game for <paramref name="playerId"/>, whose opponent has had no connection following it since
    /// <paramref name="opponentAwaySince"/> (null: it is connected now); allowed once that has lasted
    /// <paramref name="abandonAfter"/>. The claimant wins with reason abandoned. Refused with not-found, not-a-player,
    /// game-over, and not-allowed (a timed or bot game, a game not being played, an opponent connected or away for less).
    /// </summary>
    public Decision Claim(string playerId, DateTimeOffset? opponentAwaySince, TimeSpan abandonAfter, DateTimeOffset now)
    {
        if (CheckPlayer(playerId, out var color) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (FlagFall(now) is { } fell)
        {
            return TooLate(fell, playerId);
        }

        if (!Abandonable)
        {
            return Refuse(Refusal(RuleCodes.NotAllowed, "Only an untimed game between two people, being played, can be claimed.", playerId));
        }

        if (opponentAwaySince is not { } since)
        {
            return Refuse(Refusal(RuleCodes.NotAllowed, "Your opponent is connected to this game.", playerId));
        }

        var wait = ClaimableIn(since, abandonAfter, now)!.Value;
        if (wait > TimeSpan.Zero)
        {
            return Refuse(Refusal(RuleCodes.NotAllowed, $"Your opponent may come back: a claim is allowed in {(long)Math.Ceiling(wait.TotalMilliseconds)} ms.", playerId));
        }

        var over = End(State, color == Color.Red ? GameResult.RedWins : GameResult.YellowWins, EndReason.Abandoned, null);
        return Accept(over, Board, now, Ended(over));
    }
}
