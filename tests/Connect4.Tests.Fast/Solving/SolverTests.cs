using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Tests.Solving;

/// <summary>
/// The solver against an independent exhaustive search, on its own (no data folder needed).
/// </summary>
public class SolverTests
{
    /// <summary>A full board with no four (see BoardTests).</summary>
    private const string DrawMoves = "111111222222333333544444455555666666777777";

    /// <summary>Small tables: these positions have few empty cells.</summary>
    private const int SmallTable = 16;

    [Theory]
    [InlineData("4455", 18)]
    [InlineData("44455554221", -15)]
    public void Readme_examples_have_their_published_scores(string moves, int score)
    {
        var solver = new Solver(SmallTable);

        Assert.Equal(score, solver.Solve(Board.FromMoveString(moves)));
        Assert.Equal(Math.Sign(score), solver.Solve(Board.FromMoveString(moves), weak: true));
    }

    [Theory]
    [InlineData(30, 6, 40)]
    [InlineData(32, 7, 60)]
    [InlineData(34, 1, 200)]
    [InlineData(35, 2, 200)]
    [InlineData(36, 3, 200)]
    [InlineData(37, 4, 200)]
    [InlineData(38, 5, 200)]
    public void Solve_agrees_with_exhaustive_search_on_random_endgames(int plies, int seed, int count)
    {
        var random = new Random(seed);
        var solver = new Solver(SmallTable);
        var scores = new HashSet<int>();
        for (int i = 0; i < count; i++)
        {
            Board position = ExhaustiveSearch.RandomPosition(random, plies);
            int expected = ExhaustiveSearch.Score(position);
            scores.Add(expected);

            // Once with the table kept from earlier positions, once from an empty one.
            Assert.True(expected == solver.Solve(position), $"{position}\nexpected {expected}");
            solver.Reset();
            Assert.Equal(expected, solver.Solve(position));

            // Weak mode: the sign only, with or without what the table learnt.
            Assert.Equal(Math.Sign(expected), solver.Solve(position, weak: true));
            solver.Reset();
            Assert.Equal(Math.Sign(expected), solver.Solve(position, weak: true));
        }

        // The sample is not degenerate: wins, losses and draws of several lengths.
        Assert.True(
            scores.Count >= 4 && scores.Min() < 0 && scores.Max() > 0 && scores.Contains(0),
            $"only scores {string.Join(", ", scores)}");
    }

    [Theory]
    [InlineData(34, 11)]
    [InlineData(36, 12)]
    [InlineData(38, 13)]
    public void Analyze_agrees_with_exhaustive_search_and_with_solving_each_child(int plies, int seed)
    {
        var random = new Random(seed);
        var solver = new Solver(SmallTable);
        var checker = new Solver(SmallTable);
        int fullColumns = 0;
        for (int i = 0; i < 30; i++)
        {
            Board position = ExhaustiveSearch.RandomPosition(random, plies);
            int?[] scores = solver.Analyze(position);
            int?[] weak = solver.Analyze(position, weak: true);

            Assert.Equal(Board.Columns, scores.Length);
            for (int column = 0; column < Board.Columns; column++)
            {
                Assert.Equal(ExhaustiveSearch.MoveScore(position, column), scores[column]);
                if (!position.CanPlay(column))
                {
                    fullColumns++;
                    Assert.Null(scores[column]);
                    Assert.Null(weak[column]);
                    continue;
                }

                int expected = position.IsWinningMove(column)
                    ? (43 - position.Ply) / 2
                    : -checker.Solve(position.Play(column));
                Assert.Equal(expected, scores[column]);
                Assert.Equal(Math.Sign(expected), weak[column]);
            }

            // The position's score is its best move's.
            Assert.Equal(solver.Solve(position), scores.Max());
        }

        Assert.True(fullColumns > 0, "the sample should contain full columns");
    }

    [Fact]
    public void A_win_with_the_next_disc_scores_by_the_readme_formula()
    {
        // Red has three in column 4 (1-based) and plays the fourth: with 6 discs on the board that is
        // (43 - 6) / 2 = 18, i.e. 22 minus Red's 4 discs.
        var solver = new Solver(SmallTable);
        Board position = Board.FromMoveString("414141");

        Assert.Equal((43 - 6) / 2, solver.Solve(position));
        Assert.Equal(18, solver.Analyze(position)[3]);
        Assert.Equal(1, solver.Solve(position, weak: true));
    }

    [Fact]
    public void A_full_board_is_a_draw_and_has_no_moves()
    {
        var solver = new Solver(SmallTable);
        Board full = Board.FromMoveString(DrawMoves);

        Assert.Equal(0, solver.Solve(full));
        Assert.Equal(0, solver.Solve(full, weak: true));
        Assert.All(solver.Analyze(full), s => Assert.Null(s));

        // One cell left: only that column has a score.
        Board last = Board.FromMoveString(DrawMoves[..^1]);
        int?[] scores = solver.Analyze(last);
        Assert.Equal(0, solver.Solve(last));
        Assert.Equal(0, scores[6]);
        Assert.All(scores[..6], s => Assert.Null(s));
    }

    [Fact]
    public void A_board_with_a_four_is_refused()
    {
        var solver = new Solver(SmallTable);
        Board won = Board.Empty.Play(0).Play(1).Play(0).Play(1).Play(0).Play(1).Play(0);

        Assert.Throws<ArgumentException>(() => solver.Solve(won));
        Assert.Throws<ArgumentException>(() => solver.Analyze(won));
    }

    [Theory]
    [InlineData(Solver.MinTableBits - 1)]
    [InlineData(Solver.MaxTableBits + 1)]
    public void Table_size_out_of_range_is_refused(int bits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Solver(bits));

    [Fact]
    public void Reset_empties_the_table_and_the_node_count()
    {
        // A position that takes some search (many random ones are won at once).
        var solver = new Solver(SmallTable);
        var random = new Random(7);
        Board position;
        int score;
        do
        {
            solver.Reset();
            position = ExhaustiveSearch.RandomPosition(random, 24);
            score = solver.Solve(position);
        }
        while (solver.NodeCount < 1000);

        long firstNodes = solver.NodeCount;

        // Solving again reuses the table: fewer new positions, same score.
        Assert.Equal(score, solver.Solve(position));
        Assert.True(solver.NodeCount - firstNodes < firstNodes);

        solver.Reset();
        Assert.Equal(0, solver.NodeCount);
        Assert.Equal(score, solver.Solve(position));
        Assert.Equal(firstNodes, solver.NodeCount);
    }

    [Fact]
    public void Reset_many_times_wraps_the_generation_and_stays_exact()
    {
        // The smallest table has 2^15 generations: go past the wrap, which really clears the array.
        var solver = new Solver(Solver.MinTableBits);
        Board position = ExhaustiveSearch.RandomPosition(new Random(8), 34);
        int expected = ExhaustiveSearch.Score(position);
        for (int i = 0; i < (1 << 15) + 10; i++)
        {
            solver.Reset();
        }

        Assert.Equal(expected, solver.Solve(position));
        for (int i = 0; i < 100; i++)
        {
            solver.Reset();
            Assert.Equal(expected, solver.Solve(position));
        }
    }

    [Fact]
    public void A_cancelled_search_returns_null_and_leaves_the_table_valid()
    {
        var solver = new Solver(20);

        // The empty board takes far longer than the budget.
        using (var budget = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Null(solver.Solve(Board.Empty, budget.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {watch.Elapsed}");
        }

        // Already cancelled: a hard position gives up at once.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Null(solver.Solve(Board.FromMoveString("4"), cancelled.Token));
        Assert.All(solver.Analyze(Board.Empty, cancelled.Token), s => Assert.Null(s));

        // What the stopped searches left in the table does not spoil later results.
        var random = new Random(21);
        for (int i = 0; i < 20; i++)
        {
            Board position = ExhaustiveSearch.RandomPosition(random, 35);
            Assert.Equal(ExhaustiveSearch.Score(position), solver.Solve(position));
        }

        // A search that can finish quickly still does with a cancelled token.
        Assert.Equal(-15, solver.Solve(Board.FromMoveString("44455554221"), cancelled.Token));
        Assert.Equal(18, solver.Solve(Board.FromMoveString("4455"), cancelled.Token));
    }

    [Fact]
    public void Analyze_within_a_budget_gives_the_columns_it_solved()
    {
        var solver = new Solver(20);
        Board position = ExhaustiveSearch.RandomPosition(new Random(31), 36);
        int?[] unbounded = solver.Analyze(position);

        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal(unbounded, solver.Analyze(position, budget.Token));
    }

    [Theory]
    [InlineData(34, 41)]
    [InlineData(36, 42)]
    [InlineData(38, 43)]
    public void BestMove_gives_the_score_and_the_first_candidate_that_keeps_it(int plies, int seed)
    {
        var random = new Random(seed);
        var solver = new Solver(SmallTable);
        int[] centreFirst = [3, 2, 4, 1, 5, 0, 6];
        int checkedPositions = 0;
        int notFirstChoice = 0;
        for (int i = 0; i < 60; i++)
        {
            Board position = ExhaustiveSearch.RandomPosition(random, plies);
            if (Enumerable.Range(0, Board.Columns).Any(c => position.CanPlay(c) && position.IsWinningMove(c)))
            {
                continue;
            }

            // The bot's candidates (moves that do not hand over a win), in its order and reversed: the answer is
            // the first candidate of the best exact score, by exhaustive search.
            var safe = position.NonLosingMoves();
            foreach (var candidates in new[] { safe, Enumerable.Reverse(safe).ToList() })
            {
                int best = candidates.Max(c => ExhaustiveSearch.MoveScore(position, c)!.Value);
                int first = candidates.First(c => ExhaustiveSearch.MoveScore(position, c) == best);
                solver.Reset();
                Assert.Equal((first, best), solver.BestMove(position, candidates, CancellationToken.None));
                notFirstChoice += first == candidates[0] ? 0 : 1;
            }

            // The candidates hold every best move, so the best is the position's score.
            Assert.Equal(ExhaustiveSearch.Score(position), solver.BestMove(position, safe, CancellationToken.None)!.Value.Score);
            checkedPositions++;
        }

        Assert.True(checkedPositions > 20, $"only {checkedPositions} positions without an immediate win");
        Assert.True(notFirstChoice > 0, "the best move should not always be the first candidate");
    }

    [Fact]
    public void BestMove_is_refused_candidates_without_a_best_move_and_stops_when_cancelled()
    {
        var solver = new Solver(20);

        // "4455" scores 18 for red, by playing column 3 or 6 (1-based) next; the left edge is no better than a draw.
        Board position = Board.FromMoveString("4455");
        Assert.Equal(18, solver.BestMove(position, [3, 2, 4, 1, 5, 0, 6], CancellationToken.None)!.Value.Score);
        Assert.Throws<ArgumentException>(() => solver.BestMove(position, [0], CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.BestMove(position, [], CancellationToken.None));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Null(solver.BestMove(Board.FromMoveString("4"), [3, 2, 4, 1, 5, 0, 6], cancelled.Token));
    }
}
