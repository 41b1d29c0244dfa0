using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Tests.Bots;

public sealed class OpeningBookTests
{
    [Fact]
    public void A_mirrored_board_reflects_every_disc_and_mirroring_twice_gives_it_back()
    {
        var board = Board.FromMoveString("1123475");
        var mirror = board.Mirror();
        Assert.Equal(Board.FromMoveString("7765413"), mirror);
        Assert.Equal(board, mirror.Mirror());
        for (var column = 0; column < Board.Columns; column++)
        {
            Assert.Equal(board.Height(column), mirror.Height(6 - column));
            for (var row = 0; row < Board.Rows; row++)
            {
                Assert.Equal(board.DiscAt(column, row), mirror.DiscAt(6 - column, row));
            }
        }

        Assert.Equal(Board.Empty, Board.Empty.Mirror());
    }

    [Fact]
    public void A_book_finds_a_position_and_its_mirror_image_with_the_scores_reflected_and_nothing_else()
    {
        var board = Board.FromMoveString("112");
        int?[] scores = [-3, 1, 0, 2, null, -1, 5];
        var book = OpeningBook.Create([(board, scores)]);

        Assert.Equal(1, book.Count);
        Assert.True(book.TryGetScores(board, out var found));
        Assert.Equal(scores, found);
        Assert.True(book.TryGetScores(board.Mirror(), out var reflected));
        Assert.Equal(scores.Reverse(), reflected);
        Assert.False(book.TryGetScores(Board.FromMoveString("113"), out _));
        Assert.False(OpeningBook.Empty.TryGetScores(board, out _));
    }

    [Fact]
    public void A_book_written_and_read_back_holds_the_same_positions()
    {
        var positions = new[] { "", "4", "44", "45", "43", "1234567" }
            .Select(m => Board.FromMoveString(m))
            .Select((b, i) => (b, Enumerable.Range(0, 7).Select(c => b.CanPlay(c) ? (int?)(c - i) : null).ToArray()))
            .ToList();
        var book = OpeningBook.Create(positions);
        using var file = new MemoryStream();
        book.Write(file);
        file.Position = 0;
        var read = OpeningBook.Read(file);

        // "45" and "43" are mirror images: one entry, the last one given.
        Assert.Equal(5, read.Count);
        foreach (var (board, scores) in positions.Where(p => p.b != Board.FromMoveString("45")))
        {
            Assert.True(read.TryGetScores(board, out var found));
            Assert.Equal(scores, found);
        }
    }

    [Fact]
    public void Reading_something_that_is_not_a_book_fails_with_a_clear_error()
    {
        var notABook = Assert.Throws<InvalidDataException>(() => OpeningBook.Read(new MemoryStream("hello, world"u8.ToArray())));
        Assert.Contains("C4BOOK", notABook.Message, StringComparison.Ordinal);

        using var file = new MemoryStream();
        OpeningBook.Create([(Board.Empty, new int?[] { 0, 0, 0, 1, 0, 0, 0 })]).Write(file);
        var truncated = file.ToArray()[..^3];
        var short_ = Assert.Throws<InvalidDataException>(() => OpeningBook.Read(new MemoryStream(truncated)));
        Assert.Contains("length", short_.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_book_starts_with_the_empty_board_where_only_the_centre_wins()
    {
        var book = OpeningBook.Shipped;
        Assert.True(book.Count >= 1, $"the shipped book holds {book.Count} positions");

        // Published theory: only the centre wins (with red's last disc, score 1); the columns beside it draw, the rest lose.
        Assert.True(book.TryGetScores(Board.Empty, out var start));
        Assert.Equal(new int?[] { -2, -1, 0, 1, 0, -1, -2 }, start);
    }

    [Fact]
    public async Task A_walk_resumed_from_a_book_takes_its_positions_as_they_are_and_solves_nothing_again()
    {
        // The shipped book holds the empty board and the four distinct positions after red's first move.
        var shipped = OpeningBook.Shipped;
        var firstMoves = Enumerable.Range(0, 4).Select(c => Board.Empty.Play(c)).ToList();
        Assert.All(firstMoves, b => Assert.True(shipped.TryGetScores(b, out _), $"not in the shipped book: {b}"));

        var builder = new OpeningBookBuilder(
            new OpeningBookBuilder.Options(TimeSpan.FromMilliseconds(40), Solver.MinTableBits, shipped, MaxPly: 1), _ => { }, _ => { });
        var (book, reports) = await builder.BuildAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, book.Count);
        Assert.Equal([(0, Disc.Red, 1, 1), (1, Disc.Yellow, 4, 4)], reports.Select(r => (r.Ply, r.Bot, r.Visited, r.Stored)));
        foreach (var board in firstMoves.Prepend(Board.Empty))
        {
            Assert.True(book.TryGetScores(board, out var scores));
            Assert.True(shipped.TryGetScores(board, out var expected));
            Assert.Equal(expected, scores);
        }
    }

    [Fact]
    public async Task A_walk_stores_the_best_move_where_the_search_is_too_slow_and_follows_it_against_every_reply()
    {
        // A middle-game position: its searches need from a few hundred to a few hundred thousand nodes, so with a
        // threshold of zero (the search looks at the clock every few thousand nodes, whatever the machine) some
        // positions pass and the others go into the book.
        var root = Connect4.Tests.Solving.ExhaustiveSearch.RandomPosition(new Random(7), 10);
        var builder = new OpeningBookBuilder(
            new OpeningBookBuilder.Options(TimeSpan.Zero, 20, MaxPly: root.Ply + 4, Root: root), _ => { }, _ => { });
        var (book, reports) = await builder.BuildAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal([root.Ply, root.Ply + 2, root.Ply + 4], reports.Select(r => r.Ply));
        Assert.All(reports, r => Assert.Equal(root.Ply % 2 == 0 ? Disc.Red : Disc.Yellow, r.Bot));
        Assert.Equal(reports.Sum(r => r.Stored), book.Count);
        Assert.True(book.Count >= 3, $"only {book.Count} positions stored");

        // Walk the same tree: every position in the book is one the bot meets, and each entry scores one column,
        // the centre-most of the best exact score among the moves that do not lose at once.
        var referee = new Solver(20);
        var frontier = new List<Board> { root };
        var met = 0;
        for (var ply = root.Ply; ply <= root.Ply + 4; ply += 2)
        {
            var next = new List<Board>();
            // Of a position and its mirror image the walk visits the one the book stores, the smaller key.
            foreach (var board in frontier.Select(b => b.Mirror().Key < b.Key ? b.Mirror() : b).DistinctBy(b => b.Key))
            {
                if (Connect4.Tests.Solving.ExhaustiveSearch.CanWinAtOnce(board))
                {
                    continue;
                }

                var safe = board.NonLosingMoves();
                int move;
                if (book.TryGetScores(board, out var scores))
                {
                    met++;
                    var exact = referee.Analyze(board);
                    var best = safe.Max(c => exact[c]!.Value);
                    move = safe.First(c => exact[c] == best);
                    Assert.Equal(Enumerable.Range(0, Board.Columns).Select(c => c == move ? best : (int?)null), scores);
                }
                else
                {
                    move = safe.Count == 1 ? safe[0] : -1;
                    if (move < 0)
                    {
                        continue;
                    }
                }

                var after = board.Play(move);
                for (var reply = 0; reply < Board.Columns; reply++)
                {
                    if (after.CanPlay(reply) && !after.IsWinningMove(reply) && !after.Play(reply).IsFull)
                    {
                        next.Add(after.Play(reply));
                    }
                }
            }

            frontier = next;
        }

        Assert.Equal(book.Count, met);
    }

    [Fact]
    public void A_walk_cannot_start_from_a_finished_game() =>
        Assert.Throws<ArgumentException>(() => new OpeningBookBuilder(
            new OpeningBookBuilder.Options(TimeSpan.FromMilliseconds(40), 20, Root: Board.FromMoveString("1212121")), _ => { }, _ => { }));
}
