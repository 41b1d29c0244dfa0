using BenchmarkDotNet.Attributes;
using Connect4.Engine.Rules;

namespace Connect4.Bench.Micro;

/// <summary>
/// The rules as a game grain runs them on every move: <see cref="Board.IsWinningMove"/> then <see cref="Board.Play"/>,
/// replaying seven stored games (six won, one drawn on a full board) move by move. Every figure is per move.
/// </summary>
[MemoryDiagnoser]
public class RulesBenchmarks
{
    /// <summary>The moves of every game, for <c>OperationsPerInvoke</c>.</summary>
    private const int Moves = 197;

    /// <summary>Games of random legal moves, as column digits 1 to 7; each ends at its first four, or full.</summary>
    private static readonly string[] Games =
    [
        "23164421114537712553372",
        "7132176737322336767316456222641",
        "45344223377111463556",
        "65231716237557213234113614",
        "6631333276477567135243245",
        "523513142377335142421112737472",
        "547125662261271266215743771576315353334444",
    ];

    private int[][] _games = [];

    [GlobalSetup]
    public void Setup()
    {
        foreach (var game in Games)
        {
            _ = Board.FromMoveString(game); // throws on a move after a four, a full column or a bad digit
        }

        _games = Games.Select(g => g.Select(c => c - '1').ToArray()).ToArray();
        var moves = _games.Sum(g => g.Length);
        if (moves != Moves)
        {
            throw new InvalidOperationException($"The games hold {moves} moves, not {Moves}: update {nameof(Moves)}.");
        }

        var wins = PlayAndWinCheck();
        if (wins != Games.Length - 1)
        {
            throw new InvalidOperationException($"Expected {Games.Length - 1} wins, found {wins}.");
        }
    }

    /// <summary>The same walk over the same moves with no board: the cost of the loop and of reading the moves.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Moves)]
    public int ReadMoves()
    {
        var sum = 0;
        foreach (var game in _games)
        {
            foreach (var column in game)
            {
                sum += column;
            }
        }

        return sum;
    }

    /// <summary>Drops each disc (gravity and full-column checks, no win check).</summary>
    [Benchmark(OperationsPerInvoke = Moves)]
    public ulong Play()
    {
        ulong keys = 0;
        foreach (var game in _games)
        {
            var board = Board.Empty;
            foreach (var column in game)
            {
                board = board.Play(column);
            }

            keys += board.Key;
        }

        return keys;
    }

    /// <summary>Checks whether each move wins, then plays it: the rules of one move. Returns the wins found.</summary>
    [Benchmark(OperationsPerInvoke = Moves)]
    public int PlayAndWinCheck()
    {
        var wins = 0;
        foreach (var game in _games)
        {
            var board = Board.Empty;
            foreach (var column in game)
            {
                if (board.IsWinningMove(column))
                {
                    wins++;
                }

                board = board.Play(column);
            }
        }

        return wins;
    }
}
