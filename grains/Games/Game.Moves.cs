using System.Collections.Immutable;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>The commands of a game under way: a player's move, the bot's move, a resignation; and how a game ends.</summary>
public sealed partial class Game
{
    /// <summary>
    /// Plays <paramref name="column"/> for <paramref name="playerId"/>. With <paramref name="expectedPly"/>, refused
    /// with stale unless that many moves were played. The refusals, checked in this order: not-found, not-a-player,
    /// game-over, not-started, stale, not-your-turn, bad-column, column-full. A move after the flag fell ends the game by
    /// timeout and is refused with game-over.
    /// </summary>
    public Decision Play(string playerId, int column, int? expectedPly, DateTimeOffset now)
    {
        if (CheckPlayer(playerId, out var color) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (Status == GameStatus.Waiting)
        {
            return Refuse(Refusal(RuleCodes.NotStarted, "The game has not started: it waits for a second player.", playerId));
        }

        if (FlagFall(now) is { } fell)
        {
            return TooLate(fell, playerId);
        }

        if (expectedPly is { } seen && seen != Ply)
        {
            return Refuse(Refusal(RuleCodes.Stale, $"You have seen {seen} moves but {Ply} were played; nothing was played.", playerId));
        }

        if (Turn != color)
        {
            return Refuse(Refusal(RuleCodes.NotYourTurn, "It is not your turn.", playerId));
        }

        if (column is < 0 or > 6)
        {
            return Refuse(Refusal(RuleCodes.BadColumn, $"Column {column} does not exist: columns are 0 to 6.", playerId));
        }

        if (!Board.CanPlay(column))
        {
            return Refuse(Refusal(RuleCodes.ColumnFull, $"Column {column} is full.", playerId));
        }

        return Move(color, column, now);
    }

    /// <summary>
    /// Plays the bot's answer <paramref name="column"/>, chosen in the position after <paramref name="ply"/> moves.
    /// Ignored, with no refusal (nobody waits for one), when the game has moved on since, or ended; when the bot's flag
    /// fell first, the game ends by timeout instead.
    /// </summary>
    public Decision PlayBot(int ply, int column, DateTimeOffset now) =>
        FlagFall(now) ?? (BotLevelToMove is null || ply != Ply || !Board.CanPlay(column) ? Decision.Ignored(this) : Move(State.BotColor!.Value, column, now));

    /// <summary>
    /// Resigns for <paramref name="playerId"/>: the other colour wins, even in a game still waiting for its second
    /// player. Refused with not-found, not-a-player and game-over.
    /// </summary>
    public Decision Resign(string playerId, DateTimeOffset now)
    {
        if (CheckPlayer(playerId, out var color) is { } refusal)
        {
            return Refuse(refusal);
        }

        if (FlagFall(now) is { } fell)
        {
            return TooLate(fell, playerId);
        }

        var ended = End(StopClock(State, now), color == Color.Red ? GameResult.YellowWins : GameResult.RedWins, EndReason.Resign, null);
        return Accept(ended, Board, now, Ended(ended));
    }

    /// <summary>The refusal, if any, of a command of <paramref name="playerId"/>: the game must exist, seat it, and not be over.</summary>
    private GameRuleException? CheckPlayer(string playerId, out Color color) =>
        CheckSeat(playerId, out color)
        ?? (Status == GameStatus.Over ? Refusal(RuleCodes.GameOver, "The game is over.", playerId) : null);

    /// <summary>The refusal, if any, of <paramref name="playerId"/> as a player: the game must exist and seat it.</summary>
    private GameRuleException? CheckSeat(string playerId, out Color color)
    {
        color = default;
        if (!Exists)
        {
            return NotFound(playerId);
        }

        if (State.SeatOf(playerId) is not { } seat)
        {
            return Refusal(RuleCodes.NotAPlayer, "You are not a player of this game.", playerId);
        }

        color = seat;
        return null;
    }

    /// <summary>Plays a checked legal move of <paramref name="color"/>; a four or a full board ends the game with it.</summary>
    private Decision Move(Color color, int column, DateTimeOffset now)
    {
        var row = Board.Height(column);
        var wins = Board.IsWinningMove(column);
        var board = Board.Play(column);
        var state = SwitchClock(State with { Moves = State.Moves.Add(column) }, color, now);
        if (wins)
        {
            var winner = color == Color.Red ? GameResult.RedWins : GameResult.YellowWins;
            state = End(state, winner, EndReason.Four, board.WinningLine(column, row)?.ToCells());
        }
        else if (board.IsFull)
        {
            state = End(state, GameResult.Draw, EndReason.Full, null);
        }

        var over = state.Status == GameStatus.Over;
        var moved = new MoveMade(Id, board.Ply, color, column, row, over ? null : board.ToMove.ToColor(), ClockAfter(state));

        // The end goes out with the move that caused it, in the same list: the gateways must not see it first.
        return over ? Accept(state, board, now, moved, Ended(state)) : Accept(state, board, now, moved);
    }

    /// <summary>The game over; its clocks stop where they are (the running one's time left is stored by whoever ends it).</summary>
    private static GameState End(GameState state, GameResult result, EndReason reason, ImmutableList<Cell>? line) =>
        state with { Status = GameStatus.Over, Result = result, Reason = reason, Line = line, ClockSince = null };

    private GameEnded Ended(GameState over) => new(Id, over.Moves.Count, over.Result!.Value, over.Reason!.Value, over.Line);
}
