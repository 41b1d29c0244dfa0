using System.Numerics;
using Connect4.Engine.Rules;

namespace Connect4.Tests.Solving;

/// <summary>
/// A reference for the solver, written to be obviously right rather than fast: plain minimax over the
/// whole game tree, no pruning, no table, no bit tricks beyond the Board API. Only usable with few
/// empty cells (8 empty cells is at most 8! = 40 320 move orders).
/// </summary>
internal static class ExhaustiveSearch
{
    /// <summary>
    /// The score for the player to move, straight from the definition in shared/data/connect4/README.md:
    /// a move that completes a four is worth 22 minus the number of discs the mover then has; a full
    /// board without a four is a draw (0); otherwise a move is worth minus the score of the position it
    /// leads to, and the position is worth its best move.
    /// </summary>
    public static int Score(Board position)
    {
        if (position.IsFull)
        {
            return 0;
        }

        int best = int.MinValue;
        for (int column = 0; column < Board.Columns; column++)
        {
            int? value = MoveScore(position, column);
            if (value is int v && v > best)
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>The score of playing <paramref name="column"/>, or null when it is full.</summary>
    public static int? MoveScore(Board position, int column)
    {
        if (!position.CanPlay(column))
        {
            return null;
        }

        if (position.IsWinningMove(column))
        {
            int moverDiscsAfter = BitOperations.PopCount(position.Current) + 1;
            return 22 - moverDiscsAfter;
        }

        return -Score(position.Play(column));
    }

    /// <summary>
    /// A position reached by <paramref name="plies"/> random moves, drawn from <paramref name="random"/>,
    /// where the game is still on and the player to move cannot win at once (so its score takes some
    /// search). The moves are random among those that neither complete a four nor, when there is a
    /// choice, let the opponent complete one with its next disc; without that, random games mostly end
    /// in positions decided by the next disc. Draws again until such a position comes out.
    /// </summary>
    public static Board RandomPosition(Random random, int plies) => RandomGame(random, plies).Position;

    /// <summary>As <see cref="RandomPosition"/>, with the moves that led there (1-based digits, as the test sets write them).</summary>
    public static (Board Position, string Moves) RandomGame(Random random, int plies)
    {
        var moves = new System.Text.StringBuilder(plies);
        var safe = new List<int>(Board.Columns);
        var quiet = new List<int>(Board.Columns);
        while (true)
        {
            Board board = Board.Empty;
            moves.Clear();
            int played = 0;
            for (; played < plies; played++)
            {
                safe.Clear();
                quiet.Clear();
                for (int column = 0; column < Board.Columns; column++)
                {
                    if (board.CanPlay(column) && !board.IsWinningMove(column))
                    {
                        safe.Add(column);
                        if (!CanWinAtOnce(board.Play(column)))
                        {
                            quiet.Add(column);
                        }
                    }
                }

                List<int> choices = quiet.Count > 0 ? quiet : safe;
                if (choices.Count == 0)
                {
                    break;
                }

                int move = choices[random.Next(choices.Count)];
                board = board.Play(move);
                moves.Append((char)('1' + move));
            }

            if (played == plies && !CanWinAtOnce(board))
            {
                return (board, moves.ToString());
            }
        }
    }

    /// <summary>Whether the player to move has a move that completes a four.</summary>
    public static bool CanWinAtOnce(Board position)
    {
        for (int column = 0; column < Board.Columns; column++)
        {
            if (position.CanPlay(column) && position.IsWinningMove(column))
            {
                return true;
            }
        }

        return false;
    }
}
