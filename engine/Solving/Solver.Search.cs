using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using Connect4.Engine.Rules;

namespace Connect4.Engine.Solving;

/// <summary>The solver's search: negamax with alpha-beta, the transposition table and move ordering.</summary>
public sealed partial class Solver
{
    /// <summary>
    /// Binary search of the score with null-window searches. [min, max] always holds the score: a
    /// null-window search at (m, m + 1) returns r &lt;= m, an upper bound, or r &gt; m, a lower bound,
    /// and the loop narrows the interval until it is a single value. The first probes go to min / 2 and
    /// max / 2 rather than the middle, which reaches the (usually small) actual score with cheaper searches
    /// than a plain bisection of the wide initial interval.
    /// With <paramref name="weak"/> the search stops as soon as the interval excludes 0 or is [0, 0]; once
    /// one end has reached 0 it probes 0 (or -1) directly, the only question left. It does not start with
    /// those probes: the cheap first ones leave bounds and best moves in the table that make them much
    /// cheaper (on Begin-Easy, a search at 0 straight away explores about 8 times as many positions).
    /// </summary>
    private int SolveCore(ulong current, ulong mask, int ply, bool weak)
    {
        // Negamax assumes the player to move cannot win at once, so that case is settled here.
        if ((Bitboard.WinningCells(current, mask) & Bitboard.Possible(mask)) != 0)
        {
            return weak ? 1 : (Cells + 1 - ply) / 2;
        }

        if (ply >= Cells)
        {
            return 0;
        }

        int min = -(Cells - ply) / 2;
        int max = (Cells + 1 - ply) / 2;
        while (min < max)
        {
            int probe = min + (max - min) / 2;
            if (probe <= 0 && min / 2 < probe)
            {
                probe = min / 2;
            }
            else if (probe >= 0 && max / 2 > probe)
            {
                probe = max / 2;
            }

            if (weak)
            {
                if (min > 0 || max < 0)
                {
                    break;
                }

                if (min >= 0)
                {
                    probe = 0;
                }
                else if (max <= 0)
                {
                    probe = -1;
                }
            }

            int result = Negamax(current, mask, ply, probe, probe + 1);
            if (_stopped)
            {
                return 0;
            }

            if (result <= probe)
            {
                max = result;
            }
            else
            {
                min = result;
            }
        }

        // Weak: a fail-high may have pushed min well above 0 (or a fail-low max well below), or both ends
        // met at 0.
        return weak ? (min > 0 ? 1 : max < 0 ? -1 : 0) : min;
    }

    /// <summary>
    /// Negamax with alpha-beta in the fail-soft form: for a position of score s (player to move) and
    /// alpha &lt; beta, returns v with v = s when alpha &lt; s &lt; beta, s &lt;= v &lt;= alpha when
    /// s &lt;= alpha, and beta &lt;= v &lt;= s when s &gt;= beta.
    /// Precondition: the player to move cannot complete a four with this move (the root checks this,
    /// and moves that would let the opponent win at once are never played, so children inherit it).
    /// </summary>
    private int Negamax(ulong current, ulong mask, int ply, int alpha, int beta)
    {
        if ((++_nodeCount & (CancellationCheckInterval - 1)) == 0 && _cancellation.IsCancellationRequested)
        {
            _stopped = true;
            return 0;
        }

        // Non-losing moves. The opponent's winning cells do not depend on where we play (our disc can
        // only fill one of them), so:
        //  - a winning cell of the opponent that is playable now must be filled by us; two of them
        //    cannot both be filled, and the opponent wins with its next disc;
        //  - playing directly below an opponent's winning cell lets it play there and win.
        // Every other move leaves the opponent without an immediate win, which is the precondition of
        // the child's search.
        ulong opponentWins = Bitboard.WinningCells(current ^ mask, mask);
        ulong possible = Bitboard.Possible(mask);
        ulong forced = possible & opponentWins;
        if (forced != 0)
        {
            if ((forced & (forced - 1)) != 0)
            {
                return -(Cells - ply) / 2;
            }

            possible = forced;
        }

        // ">> 1" moves every winning cell down one row in its column; from row 0 it lands on the
        // sentinel of the previous column (or below bit 0), never on a playable cell.
        ulong candidates = possible & ~(opponentWins >> 1);
        if (candidates == 0)
        {
            // Every move lets the opponent win with its next disc.
            return -(Cells - ply) / 2;
        }

        // With two empty cells or fewer and a non-losing move to play, the game ends drawn: our disc
        // cannot complete a four (precondition), and after a non-losing move neither can the opponent's.
        if (ply >= Cells - 2)
        {
            return 0;
        }

        // We survive the opponent's next disc, so the worst case is losing to the one after.
        int min = -(Cells - 2 - ply) / 2;
        if (alpha < min)
        {
            alpha = min;
            if (alpha >= beta)
            {
                return alpha;
            }
        }

        // We cannot win with this disc, so the best case is winning with the next one.
        int max = (Cells - 1 - ply) / 2;
        if (beta > max)
        {
            beta = max;
            if (alpha >= beta)
            {
                return beta;
            }
        }

        // Bounds from earlier searches of the same position narrow the window the same way.
        ulong key = current + mask;
        int stored = _table.Get(key);
        ulong hint = 0;
        if (stored != 0)
        {
            int bound = stored & BoundField;
            if (bound >= LowerFlag)
            {
                int lower = bound - LowerFlag - BoundOffset;
                if (alpha < lower)
                {
                    alpha = lower;
                    if (alpha >= beta)
                    {
                        return alpha;
                    }
                }
            }
            else
            {
                int upper = bound - BoundOffset;
                if (beta > upper)
                {
                    beta = upper;
                    if (alpha >= beta)
                    {
                        return beta;
                    }
                }
            }

            // The move that reached beta when this position was last searched (0 if none). Each
            // null-window search of SolveCore revisits most positions of the previous one, so trying
            // that move first, before scoring the others, usually cuts off again at once.
            hint = candidates & (Bitboard.Column0 << (Bitboard.ColumnBits * ((stored >> HintShift) - 1)));
        }

        // The child is seen from the opponent: its player to move owns current ^ mask (taken before
        // our disc is added), and our new disc only enters the mask.
        ulong opponent = current ^ mask;

        // Start loading the children's table slots now (child key = opponent + mask + move, as the move's
        // cell is not in mask); the work below, and the earlier siblings' searches, hide the latency.
        // With a hint, only its child: it usually cuts off alone.
        ulong childBase = opponent + mask;
        if (hint != 0)
        {
            _table.Prefetch(childBase + hint);
        }
        else
        {
            PrefetchChildren(childBase, candidates);
        }

        if (hint != 0)
        {
            int score = -Negamax(opponent, mask | hint, ply + 1, -beta, -alpha);
            if (_stopped)
            {
                return 0;
            }

            if (score >= beta)
            {
                _table.Put(key, LowerBoundEntry(score, hint));
                return score;
            }

            if (score > alpha)
            {
                alpha = score;
            }

            candidates ^= hint;
            PrefetchChildren(childBase, candidates);
        }

        // Move list, best first. Each entry packs (threats << 52) | (rank << 49) | move cell, so sorting
        // the entries as numbers sorts by threats, then by rank (centre columns first), and the low bits
        // give the move back.
        MoveList moves = default;
        int count = 0;
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (3 * Bitboard.ColumnBits)), 7);
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (2 * Bitboard.ColumnBits)), 6);
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (4 * Bitboard.ColumnBits)), 5);
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (1 * Bitboard.ColumnBits)), 4);
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (5 * Bitboard.ColumnBits)), 3);
        AddMove(ref moves, ref count, current, mask, candidates & Bitboard.Column0, 2);
        AddMove(ref moves, ref count, current, mask, candidates & (Bitboard.Column0 << (6 * Bitboard.ColumnBits)), 1);

        ref ulong first = ref moves.First;
        for (int i = 0; i < count; i++)
        {
            ulong move = Unsafe.Add(ref first, i) & MoveField;
            int score = -Negamax(opponent, mask | move, ply + 1, -beta, -alpha);
            if (_stopped)
            {
                return 0;
            }

            if (score >= beta)
            {
                // A move reaches beta: the score is at least this much.
                _table.Put(key, LowerBoundEntry(score, move));
                return score;
            }

            if (score > alpha)
            {
                alpha = score;
            }
        }

        // No move beat alpha (as raised above): the score is at most alpha. When a move did raise alpha
        // strictly inside the window, alpha is the exact score, a fortiori an upper bound.
        _table.Put(key, alpha + BoundOffset);
        return alpha;
    }

    /// <summary>Prefetches the table slot of each child: <paramref name="childBase"/> plus each cell of <paramref name="moves"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchChildren(ulong childBase, ulong moves)
    {
        for (; moves != 0; moves &= moves - 1)
        {
            _table.Prefetch(childBase + (moves & (0 - moves)));
        }
    }

    /// <summary>A table entry for a lower bound reached by playing <paramref name="move"/> (one cell).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LowerBoundEntry(int score, ulong move) =>
        score + BoundOffset + LowerFlag
        | ((BitOperations.TrailingZeroCount(move) / Bitboard.ColumnBits + 1) << HintShift);

    /// <summary>
    /// Inserts <paramref name="move"/> (one cell, or 0 for none) into the list kept in decreasing order.
    /// Its threat count is the number of cells where we could complete a four after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddMove(ref MoveList moves, ref int count, ulong current, ulong mask, ulong move, int rank)
    {
        if (move == 0)
        {
            return;
        }

        ulong threats = (ulong)BitOperations.PopCount(Bitboard.WinningCells(current | move, mask | move));
        ulong entry = (threats << ThreatShift) | ((ulong)rank << RankShift) | move;

        ref ulong first = ref moves.First;
        int j = count++;
        while (j > 0 && Unsafe.Add(ref first, j - 1) < entry)
        {
            Unsafe.Add(ref first, j) = Unsafe.Add(ref first, j - 1);
            j--;
        }

        Unsafe.Add(ref first, j) = entry;
    }

    /// <summary>Up to 7 move entries on the stack.</summary>
    [InlineArray(Board.Columns)]
    private struct MoveList
    {
        private ulong _entry;

        [UnscopedRef]
        public ref ulong First => ref _entry;
    }
}
