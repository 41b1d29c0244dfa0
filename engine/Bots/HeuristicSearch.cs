using System.Diagnostics;
using System.Numerics;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Engine.Bots;

/// <summary>
/// The bots' depth-limited search: negamax with alpha-beta over a simple evaluation, deepened one ply at a time
/// until its time runs out. Levels 2 and 3 play by it, and the others fall back on it when the exact search does not
/// finish in time.
/// </summary>
internal static class HeuristicSearch
{
    private static readonly int[] CentreFirst = [3, 2, 4, 1, 5, 0, 6];

    /// <summary>
    /// The move among <paramref name="moves"/> with the best depth-limited negamax value (ties: random when
    /// <paramref name="random"/> is given, else the centre-most, as the list is centre first). Searches depth 1,
    /// 2, ... up to <paramref name="depth"/>, and keeps the answer of the deepest one finished before the
    /// <see cref="Stopwatch"/> timestamp <paramref name="stop"/>.
    /// </summary>
    internal static int BestByDepth(Board board, IReadOnlyList<int> moves, int depth, Random? random, long stop = long.MaxValue)
    {
        var answer = moves[0];
        var limit = new SearchLimit(stop);
        for (var d = 1; d <= depth; d++)
        {
            var best = int.MinValue;
            var bests = new List<int>();
            foreach (var column in moves)
            {
                var value = board.IsWinningMove(column) ? 100_000 : -Search(board.Play(column), d - 1, -1_000_000, 1_000_000, limit);
                if (limit.Stopped)
                {
                    return answer;
                }

                if (value > best)
                {
                    best = value;
                    bests.Clear();
                }

                if (value == best)
                {
                    bests.Add(column);
                }
            }

            answer = random is null ? bests[0] : bests[random.Next(bests.Count)];
        }

        return answer;
    }

    /// <summary>A search's time limit, looked at every 1024 positions.</summary>
    private sealed class SearchLimit(long stop)
    {
        private long _nodes;

        public bool Stopped { get; private set; }

        public bool Check()
        {
            if ((++_nodes & 1023) == 0 && Stopwatch.GetTimestamp() > stop)
            {
                Stopped = true;
            }

            return Stopped;
        }
    }

    /// <summary>
    /// Negamax with alpha-beta to <paramref name="depth"/> plies. A win scores 100 000 minus the ply (sooner is
    /// better); at the horizon, the number of empty cells where the player to move would complete a four minus
    /// the opponent's, weighted by 3, plus its discs in the centre column minus the opponent's.
    /// </summary>
    private static int Search(Board board, int depth, int alpha, int beta, SearchLimit limit)
    {
        if (limit.Check())
        {
            return 0;
        }

        if (board.IsFull)
        {
            return 0;
        }

        foreach (var c in CentreFirst)
        {
            if (board.CanPlay(c) && board.IsWinningMove(c))
            {
                return 100_000 - board.Ply;
            }
        }

        if (depth <= 0)
        {
            return Evaluate(board);
        }

        var value = int.MinValue + 1;
        foreach (var c in CentreFirst)
        {
            if (!board.CanPlay(c))
            {
                continue;
            }

            var score = -Search(board.Play(c), depth - 1, -beta, -alpha, limit);
            if (limit.Stopped)
            {
                return 0;
            }

            if (score > value)
            {
                value = score;
            }

            if (value > alpha)
            {
                alpha = value;
            }

            if (alpha >= beta)
            {
                break;
            }
        }

        return value;
    }

    private static int Evaluate(Board board)
    {
        var mine = BitOperations.PopCount(Bitboard.WinningCells(board.Current, board.Mask));
        var theirs = BitOperations.PopCount(Bitboard.WinningCells(board.Current ^ board.Mask, board.Mask));
        const ulong centre = 0x3FUL << 21;
        var centreMine = BitOperations.PopCount(board.Current & centre);
        var centreTheirs = BitOperations.PopCount((board.Current ^ board.Mask) & centre);
        return 3 * (mine - theirs) + centreMine - centreTheirs;
    }
}
