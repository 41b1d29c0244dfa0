using System.Diagnostics;
using Connect4.Engine.Bots;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Connect4.Tests.Bots;

/// <summary>Runs alone: it measures the bot's answer times, which other tests' CPU load would distort.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BotTimingCollection
{
    public const string Name = "bot-timing";
}

[Collection(BotTimingCollection.Name)]
public sealed class BotPlayerTests(ITestOutputHelper output)
{
    /// <summary>Hand-built positions (1-based move strings) where the player to move can win at once, and its winning columns (0-based).</summary>
    private static readonly (string Moves, int[] Wins)[] Wins =
    [
        ("445566", [2, 6]),   // red: three in a row at the bottom, open at both ends
        ("121212", [0]),      // red: three stacked in column 0; yellow threatens column 1 too, the win comes first
        ("1212127", [1]),     // yellow: three stacked in column 1
        ("112233", [3]),      // red: three at the bottom against the left edge
    ];

    /// <summary>Positions where the opponent threatens exactly one cell and the player to move cannot win: the block (0-based).</summary>
    private static readonly (string Moves, int Block)[] Blocks =
    [
        ("11223", 3),
        ("77665", 3),
        ("12121", 0),
    ];

    [Fact]
    public async Task Levels_two_to_five_always_take_an_immediate_win()
    {
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        foreach (var (moves, wins) in Wins)
        {
            var board = Board.FromMoveString(moves);
            var real = Enumerable.Range(0, 7).Where(c => board.CanPlay(c) && board.IsWinningMove(c)).ToArray();
            Assert.Equal(wins, real);
            for (var level = 2; level <= 5; level++)
            {
                for (var i = 0; i < 5; i++)
                {
                    var column = await bot.ChooseMove(board, level);
                    Assert.True(wins.Contains(column), $"level {level} at {moves} played {column}, not a win");
                }
            }
        }
    }

    [Fact]
    public async Task Every_level_blocks_a_single_threat()
    {
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        foreach (var (moves, block) in Blocks)
        {
            var board = Board.FromMoveString(moves);
            Assert.DoesNotContain(Enumerable.Range(0, 7), c => board.CanPlay(c) && board.IsWinningMove(c));
            for (var level = 1; level <= 5; level++)
            {
                for (var i = 0; i < 5; i++)
                {
                    Assert.Equal(block, await bot.ChooseMove(board, level));
                }
            }
        }
    }

    [Fact]
    public async Task Level_five_answers_every_move_of_whole_games_within_a_second()
    {
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        var worst = 0.0;
        for (var game = 0; game < 3; game++)
        {
            var board = Board.Empty;
            var random = new Random(game);
            while (!board.IsFull)
            {
                var started = Stopwatch.GetTimestamp();
                var column = await bot.ChooseMove(board, 5);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                worst = Math.Max(worst, ms);
                output.WriteLine($"ply {board.Ply}: column {column} in {ms:F0} ms");
                if (board.IsWinningMove(column))
                {
                    break;
                }

                board = board.Play(column);
                var reply = board.NonLosingMoves();
                var r = reply[random.Next(reply.Count)];
                if (board.IsWinningMove(r))
                {
                    break;
                }

                board = board.Play(r);
            }
        }

        Assert.True(worst < 1000, $"slowest move {worst} ms");
    }

    [Fact]
    public async Task Level_five_plays_the_books_move_and_the_analysis_solves_the_columns_the_book_leaves_out()
    {
        // A middle-game position with a move that does not lose at once yet is not the best.
        var random = new Random(3);
        var referee = new Solver(20);
        Board position;
        int?[] exact;
        List<int> safe;
        do
        {
            position = Connect4.Tests.Solving.ExhaustiveSearch.RandomPosition(random, 16);
            exact = referee.Analyze(position);
            safe = position.NonLosingMoves();
        }
        while (safe.Count < 2 || safe.All(c => exact[c] == exact.Max()));

        // A book entry that scores only a worse column: the bot can only play it by reading the book.
        var booked = safe.Last(c => exact[c] < exact.Max());
        var scores = new int?[Board.Columns];
        scores[booked] = exact[booked];
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance, OpeningBook.Create([(position, scores)]));

        Assert.Equal(booked, await bot.ChooseMove(position, 5));
        Assert.Equal(exact, await bot.Analyze(position, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task In_the_mirror_image_of_a_book_position_level_five_plays_the_mirror_image_of_its_move()
    {
        // After "46" (1-based) red's best columns are 2 and 6, mirror images of each other, so the tie is broken by
        // side; the book's walk followed one of them in one orientation only, and the bot must play into that
        // half of the tree from both.
        var bot = new BotPlayer(NullLogger<BotPlayer>.Instance);
        foreach (var moves in new[] { "46", "4", "4443" })
        {
            var board = Board.FromMoveString(moves);
            Assert.True(OpeningBook.Shipped.TryGetScores(board, out _), $"not in the book: {moves}");
            var column = await bot.ChooseMove(board, 5);
            var mirrored = await bot.ChooseMove(board.Mirror(), 5);
            Assert.True(Board.Columns - 1 - column == mirrored, $"{moves}: column {column + 1}, in the mirror image {mirrored + 1}");
        }
    }
}

