using Connect4.Engine.Solving;

namespace Connect4.Engine.Rules;

/// <summary>What a position allows at a glance, before any search.</summary>
public static class Tactics
{
    private static readonly int[] CentreFirst = [3, 2, 4, 1, 5, 0, 6];

    /// <summary>
    /// The moves that do not let the opponent win with its next disc: when the opponent has one playable winning
    /// cell, only the block; never under one of its winning cells. When every move loses, all playable columns.
    /// </summary>
    public static List<int> NonLosingMoves(this Board board)
    {
        var opponentWins = Bitboard.WinningCells(board.Current ^ board.Mask, board.Mask);
        var possible = Bitboard.Possible(board.Mask);
        var forced = possible & opponentWins;
        if (forced != 0)
        {
            possible = forced;
        }

        var candidates = possible & ~(opponentWins >> 1);
        var playable = CentreFirst.Where(board.CanPlay).ToList();
        var safe = playable.Where(c => (candidates & (0x3FUL << (7 * c))) != 0).ToList();
        if (safe.Count == 0)
        {
            safe = forced != 0 ? playable.Where(c => (forced & (0x3FUL << (7 * c))) != 0).ToList() : playable;
        }

        return safe;
    }
}
