using Connect4.Engine.Rules;

namespace Connect4.Engine.Bots;

/// <summary>How the perfect bot chooses among scored moves; the opening book's builder walks the same choice.</summary>
internal static class PerfectChoice
{
    /// <summary>The columns of <paramref name="moves"/> that have a score, best score first, centre-most first on ties.</summary>
    internal static List<int> Ranked(IEnumerable<int> moves, int?[] scores) =>
        moves.Where(c => scores[c] is not null).OrderByDescending(c => scores[c]!.Value).ThenBy(Distance).ToList();

    /// <summary>
    /// The move the perfect bot plays among <paramref name="safe"/> (<see cref="Tactics.NonLosingMoves"/>) when every one of
    /// them has a score: the best, the centre-most on ties. The opening book's builder walks the same choice.
    /// </summary>
    internal static int BestExact(IReadOnlyList<int> safe, int?[] scores) => Ranked(safe, scores)[0];

    /// <summary>
    /// The perfect move by <paramref name="book"/> (null when the position is not in it): <see cref="BestExact"/>,
    /// chosen in the orientation the book stores (of a position and its mirror image, the one with the smaller key)
    /// and reflected back. Ties go to the left of the centre, so choosing in the board's own orientation would play
    /// into the other half of the tree in a mirrored position than the one the book's walk followed.
    /// </summary>
    internal static int? BookMove(OpeningBook book, Board board)
    {
        var mirrored = board.Mirror().Key < board.Key;
        var stored = mirrored ? board.Mirror() : board;
        if (!book.TryGetScores(stored, out var scores))
        {
            return null;
        }

        var safe = stored.NonLosingMoves();
        if (!safe.Any(c => scores[c] is not null))
        {
            return null;
        }

        var move = BestExact(safe, scores);
        return mirrored ? Board.Columns - 1 - move : move;
    }

    private static int Distance(int column) => Math.Abs(column - 3);
}
