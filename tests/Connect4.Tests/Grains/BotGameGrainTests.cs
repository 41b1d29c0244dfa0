using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Engine.Bots;
using Connect4.Grains.Games;
using Connect4.Engine.Rules;
using Connect4.Engine.Solving;

namespace Connect4.Tests.Grains;

/// <summary>Games against the computer on the test cluster: its seat, its answers, and analysis.</summary>
public sealed class BotGameGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    private static string Id(string name) => GameGrainFixture.Id(name);

    private Task<(IGameGrain Game, string GameId, string Red, string Yellow)> StartedGame() => fixture.StartedGame();

    private static async Task<GameView> WaitForPly(IGameGrain game, string viewer, int ply)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var view = await game.GetView(viewer);
            if (view.Ply >= ply || DateTime.UtcNow > deadline)
            {
                return view;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_bot_game_seats_the_computer_which_answers_every_move()
    {
        var human = Id("human");
        var created = await Client.GetGrain<IPlayerGrain>(human).CreateGame(new CreateGameOptions(OpponentKind.Bot, ColorChoice.Yellow, 3));
        var game = Client.GetGrain<IGameGrain>(created.GameId);

        // The bot is red: it moves at once.
        var view = await WaitForPly(game, human, 1);
        Assert.Equal(GameStatus.Playing, view.Status);
        Assert.Equal(ViewerRole.Yellow, view.You);
        Assert.Equal(new Seat("bot:3", "Computer (level 3)", true), view.Red);
        Assert.Single(view.Moves);
        Assert.Equal([created.GameId], (await Client.GetGrain<IPlayerGrain>(human).GetProfile()).Games);

        await game.Play(human, 0, 1);
        view = await WaitForPly(game, human, 3);
        Assert.Equal(3, view.Ply);
        Assert.Equal(Color.Yellow, view.Turn);

        var error = await Assert.ThrowsAsync<GameRuleException>(() => Client.GetGrain<IPlayerGrain>(Id("other")).JoinGame(created.JoinKey));
        Assert.Equal(RuleCodes.GameFull, error.Code);
    }

    [Fact]
    public async Task A_late_bot_answer_after_a_resignation_does_nothing()
    {
        var human = Id("human");
        var created = await Client.GetGrain<IPlayerGrain>(human).CreateGame(new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 5));
        var game = Client.GetGrain<IGameGrain>(created.GameId);
        await game.Play(human, 3, 0);
        await game.Resign(human);
        var ended = await game.GetView(human);

        // The bot may have answered before the resignation (its book answers at once); whatever came after is ignored.
        await Client.GetGrain<IGameBotCallback>(created.GameId).PlayBotMove(ended.Ply, 3);
        await Task.Delay(1200);

        var view = await game.GetView(human);
        Assert.Equal(ended.Moves, view.Moves);
        Assert.Equal(GameResult.YellowWins, view.Result);
        var profile = await Client.GetGrain<IPlayerGrain>(human).GetProfile();
        Assert.Empty(profile.Games);
        Assert.Equal(new PlayerStats(0, 1, 0), profile.Stats);
    }

    [Fact]
    public async Task Analysis_is_not_allowed_in_a_human_game_in_progress_and_allowed_after_it()
    {
        var (game, _, red, yellow) = await StartedGame();
        int[] moves = [0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2, 4];
        for (var i = 0; i < moves.Length; i++)
        {
            await game.Play(i % 2 == 0 ? red : yellow, moves[i], i);
        }

        var error = await Assert.ThrowsAsync<GameRuleException>(() => game.Analyze(yellow));
        Assert.Equal(RuleCodes.NotAllowed, error.Code);
        Assert.Equal(RuleCodes.NotFound, (await Assert.ThrowsAsync<GameRuleException>(() => game.Analyze(Id("stranger")))).Code);

        await game.Resign(red);
        var analysis = await game.Analyze(yellow);
        Assert.Equal(25, analysis.Ply);
        Assert.Equal(7, analysis.Scores.Count);
        Assert.Equal([null, null, null, null], analysis.Scores.Take(4));  // full columns
        Assert.All(analysis.Scores.Skip(4), score => Assert.NotNull(score));
        Assert.Equal(Enumerable.Range(0, 7).Where(c => analysis.Scores[c] == analysis.Scores.Max()), analysis.Best);
    }

    /// <summary>
    /// The bot's exact analysis does not finish within its budget before about ply 10 (it falls back to a heuristic
    /// search there, until the opening book comes), so these games start after that window: 14 random plies
    /// that leave red (the bot, to move) a win or a draw, by the solver. From there the bot must never lose,
    /// and must win every won position, against random and heuristic opponents.
    /// </summary>
    [Fact]
    public async Task The_perfect_bot_as_red_never_loses_against_random_and_heuristic_opponents()
    {
        var bot = new BotPlayer(Microsoft.Extensions.Logging.Abstractions.NullLogger<BotPlayer>.Instance);
        var solver = new Solver();
        var games = 0;
        for (var seed = 0; games < 20; seed++)
        {
            var random = new Random(seed);
            var board = Board.Empty;
            for (var ply = 0; ply < 14; ply++)
            {
                var safe = board.NonLosingMoves().Where(c => !board.IsWinningMove(c)).ToList();
                if (safe.Count == 0)
                {
                    break;
                }

                board = board.Play(safe[random.Next(safe.Count)]);
            }

            if (board.Ply != 14 || solver.Solve(board) is var value && value < 0)
            {
                continue;
            }

            games++;
            var result = 0;
            while (!board.IsFull)
            {
                var column = await bot.ChooseMove(board, 5);
                if (board.IsWinningMove(column))
                {
                    result = 1;
                    break;
                }

                board = board.Play(column);
                if (board.IsFull)
                {
                    break;
                }

                // Even seeds: random moves that do not lose at once; odd: a 4-ply heuristic search.
                var safe = board.NonLosingMoves();
                var reply = seed % 2 == 0 ? safe[random.Next(safe.Count)] : HeuristicSearch.BestByDepth(board, safe, 4, random);
                if (board.IsWinningMove(reply))
                {
                    result = -1;
                    break;
                }

                board = board.Play(reply);
            }

            Assert.True(result >= 0, $"seed {seed}: the bot lost a position worth {value}");
            Assert.True(value <= 0 || result == 1, $"seed {seed}: the bot did not win a position worth {value}");
        }
    }
}
