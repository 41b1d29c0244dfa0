using Connect4.GrainInterfaces;
using Connect4.Grains.Games;

namespace Connect4.Tests.Games;

/// <summary>
/// The rules of a game with no host: each command with a time gives a decision (a new game and its events, or a
/// refusal). Nothing here starts Orleans, a socket or a store.
/// </summary>
public sealed class GameTests
{
    private const string GameId = "game00000001";
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Created.AddMinutes(1);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly PlayerInfo Carol = new("p-carol", "Carol");
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);

    /// <summary>A full board with no four, as 0-based columns (the draw of the board's own tests).</summary>
    private static readonly int[] DrawMoves = [.. "000000111111222222433333344444555555666666".Select(c => c - '0')];

    internal static Game New() => Game.Load(GameId, new GameState());

    /// <summary>Alice's game as red (or <paramref name="color"/>), waiting for a second player.</summary>
    internal static Game Waiting(ColorChoice color = ColorChoice.Red) => Accepted(New().Create(Alice, new CreateGameOptions(Color: color), Random, Created));

    /// <summary>Alice (red) against Bob (yellow), with <paramref name="moves"/> played.</summary>
    internal static Game Started(params int[] moves) => PlayAll(Accepted(Waiting().Join(Random.JoinKey, Bob, Created)), moves);

    internal static Game PlayAll(Game game, IEnumerable<int> moves) =>
        moves.Aggregate(game, (g, column) => Accepted(g.Play(g.Ply % 2 == 0 ? Alice.PlayerId : Bob.PlayerId, column, g.Ply, Later)));

    internal static Game Accepted(Decision decision)
    {
        Assert.Null(decision.Refusal);
        Assert.True(decision.Changed);
        return decision.Game;
    }

    /// <summary>Checks that <paramref name="decision"/> refused with <paramref name="code"/>, at <paramref name="ply"/> (null: none named), and changed nothing.</summary>
    internal static GameRuleException Refused(Game before, Decision decision, string code, int? ply, string playerId)
    {
        var refusal = Assert.IsType<GameRuleException>(decision.Refusal);
        Assert.Equal((code, GameId, playerId, ply), (refusal.Code, refusal.GameId, refusal.PlayerId, refusal.Ply));
        Assert.False(decision.Changed);
        Assert.Empty(decision.Events);
        Assert.Same(before, decision.Game);
        return refusal;
    }

    [Fact]
    public void Create_seats_the_creator_in_the_colour_asked_for_and_waits_for_a_second_player()
    {
        var decision = New().Create(Alice, new CreateGameOptions(Color: ColorChoice.Red), Random, Created);

        var game = Accepted(decision);
        Assert.Empty(decision.Events);
        Assert.Equal((Alice, (PlayerInfo?)null), (game.State.Red, game.State.Yellow));
        Assert.Equal(GameStatus.Waiting, game.Status);
        Assert.Null(game.Turn);
        Assert.Equal(new CreatedGame(GameId, Random.JoinKey, Random.WatchKey), game.Keys);
        Assert.Equal((Created, Created), (game.State.CreatedAt, game.State.UpdatedAt));
        Assert.Null(game.BotLevelToMove);
    }

    [Theory]
    [InlineData(ColorChoice.Red, Color.Red)]
    [InlineData(ColorChoice.Yellow, Color.Yellow)]
    [InlineData(ColorChoice.Random, Color.Yellow)]
    public void Create_takes_the_colour_asked_for_or_the_random_one(ColorChoice choice, Color seat) =>
        Assert.Equal(seat, Waiting(choice).State.SeatOf(Alice.PlayerId));

    [Fact]
    public void Create_against_the_bot_seats_it_at_level_5_by_default_and_starts_the_game()
    {
        var game = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red), Random, Created));

        Assert.Equal(GameState.BotInfo(5), game.State.Yellow);
        Assert.Equal((GameStatus.Playing, Color.Red, 5, (Color?)Color.Yellow), (game.Status, game.Turn!.Value, game.State.BotLevel!.Value, game.State.BotColor));
        Assert.Null(game.BotLevelToMove);
    }

    [Fact]
    public void The_bot_playing_red_is_to_move_as_soon_as_the_game_is_created()
    {
        var game = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Yellow, 2), Random, Created));

        Assert.Equal(GameState.BotInfo(2), game.State.Red);
        Assert.Equal(2, game.BotLevelToMove);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Create_refuses_a_bot_level_outside_1_to_5_with_bad_request(int level)
    {
        var game = New();
        Refused(game, game.Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, level), Random, Created), RuleCodes.BadRequest, null, Alice.PlayerId);
    }

    [Fact]
    public void A_level_means_nothing_against_a_human() =>
        Assert.Null(Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Human, ColorChoice.Red, 9), Random, Created)).State.BotLevel);

    [Fact]
    public void Create_refuses_a_game_that_exists_with_not_found()
    {
        var game = Waiting();
        Refused(game, game.Create(Bob, new CreateGameOptions(), Random, Later), RuleCodes.NotFound, null, Bob.PlayerId);
    }

    [Fact]
    public void Join_takes_the_free_seat_starts_the_game_and_tells_who_sat_down()
    {
        var waiting = Waiting(ColorChoice.Yellow);

        var decision = waiting.Join(Random.JoinKey, Bob, Later);

        var game = Accepted(decision);
        Assert.Equal([new SeatTaken(GameId, Color.Red, Bob)], decision.Events);
        Assert.Equal((Bob, Alice), (game.State.Red, game.State.Yellow));
        Assert.Equal((GameStatus.Playing, (Color?)Color.Red), (game.Status, game.Turn));
        Assert.Equal((Created, Later), (game.State.CreatedAt, game.State.UpdatedAt));
    }

    [Fact]
    public void Join_refuses_with_not_found_own_game_and_game_full_naming_no_ply()
    {
        var none = New();
        Refused(none, none.Join(Random.JoinKey, Bob, Later), RuleCodes.NotFound, null, Bob.PlayerId);
        var waiting = Waiting();
        Refused(waiting, waiting.Join(GameId + ".AAAAAAAAAAAAAAAAAAAAAA", Bob, Later), RuleCodes.NotFound, null, Bob.PlayerId);
        Refused(waiting, waiting.Join(Random.WatchKey, Bob, Later), RuleCodes.NotFound, null, Bob.PlayerId);
        Refused(waiting, waiting.Join(Random.JoinKey, Alice, Later), RuleCodes.OwnGame, null, Alice.PlayerId);

        var started = Started(3);
        Refused(started, started.Join(Random.JoinKey, Carol, Later), RuleCodes.GameFull, null, Carol.PlayerId);
        Refused(started, started.Join(Random.JoinKey, Bob, Later), RuleCodes.OwnGame, null, Bob.PlayerId);

        var botGame = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot), Random, Created));
        Refused(botGame, botGame.Join(Random.JoinKey, Carol, Later), RuleCodes.GameFull, null, Carol.PlayerId);
    }

    [Fact]
    public void A_move_drops_to_the_lowest_free_row_and_is_told_with_the_ply_after_it_and_the_next_turn()
    {
        var game = Started(3);

        var decision = game.Play(Bob.PlayerId, 3, 1, Later.AddSeconds(1));

        var after = Accepted(decision);
        Assert.Equal([new MoveMade(GameId, 2, Color.Yellow, 3, 1, Color.Red)], decision.Events);
        Assert.Null(decision.Ended);
        Assert.Equal([3, 3], after.State.Moves);
        Assert.Equal((2, (Color?)Color.Red, Later.AddSeconds(1)), (after.Ply, after.Turn, after.State.UpdatedAt));
    }

    [Fact]
    public void A_move_without_an_expected_ply_is_played_whatever_was_seen() =>
        Assert.Equal(2, Accepted(Started(3).Play(Bob.PlayerId, 4, null, Later)).Ply);

    [Fact]
    public void A_decision_leaves_the_game_it_was_made_from_as_it_was()
    {
        var game = Started(3);
        var state = game.State;

        Accepted(game.Play(Bob.PlayerId, 4, 1, Later));
        Accepted(game.Resign(Bob.PlayerId, Later));

        Assert.Same(state, game.State);
        Assert.Equal([3], game.State.Moves);
        Assert.Equal((1, GameStatus.Playing), (game.Ply, game.Status));
    }

    [Fact]
    public void Play_refuses_each_rule_with_its_code_and_the_ply()
    {
        var none = New();
        Refused(none, none.Play(Alice.PlayerId, 3, null, Later), RuleCodes.NotFound, null, Alice.PlayerId);

        var waiting = Waiting();
        Refused(waiting, waiting.Play(Carol.PlayerId, 3, null, Later), RuleCodes.NotAPlayer, 0, Carol.PlayerId);
        Refused(waiting, waiting.Play(Alice.PlayerId, 3, null, Later), RuleCodes.NotStarted, 0, Alice.PlayerId);

        var game = Started(0, 1, 0, 1, 0, 1);
        Refused(game, game.Play(Carol.PlayerId, 2, 6, Later), RuleCodes.NotAPlayer, 6, Carol.PlayerId);
        Refused(game, game.Play(Alice.PlayerId, 2, 5, Later), RuleCodes.Stale, 6, Alice.PlayerId);
        Refused(game, game.Play(Bob.PlayerId, 2, 6, Later), RuleCodes.NotYourTurn, 6, Bob.PlayerId);
        Refused(game, game.Play(Alice.PlayerId, -1, 6, Later), RuleCodes.BadColumn, 6, Alice.PlayerId);
        Refused(game, game.Play(Alice.PlayerId, 7, 6, Later), RuleCodes.BadColumn, 6, Alice.PlayerId);

        var full = Started(2, 2, 2, 2, 2, 2);
        Refused(full, full.Play(Alice.PlayerId, 2, 6, Later), RuleCodes.ColumnFull, 6, Alice.PlayerId);

        var over = Accepted(game.Play(Alice.PlayerId, 0, 6, Later));
        Refused(over, over.Play(Bob.PlayerId, 1, 7, Later), RuleCodes.GameOver, 7, Bob.PlayerId);
    }

    [Fact]
    public void Play_checks_in_the_order_the_protocol_lists()
    {
        var game = Started(3);

        // Stale comes before the turn, the turn before the column, the column before its height.
        Refused(game, game.Play(Alice.PlayerId, 9, 0, Later), RuleCodes.Stale, 1, Alice.PlayerId);
        Refused(game, game.Play(Alice.PlayerId, 9, 1, Later), RuleCodes.NotYourTurn, 1, Alice.PlayerId);

        var over = Accepted(game.Resign(Alice.PlayerId, Later));
        Refused(over, over.Play(Carol.PlayerId, 3, 0, Later), RuleCodes.NotAPlayer, 1, Carol.PlayerId);
        Refused(over, over.Play(Bob.PlayerId, 3, 0, Later), RuleCodes.GameOver, 1, Bob.PlayerId);
    }

    [Fact]
    public void A_vertical_four_wins_and_the_end_goes_out_with_the_move_that_made_it()
    {
        var game = Started(0, 1, 0, 1, 0, 1);

        var decision = game.Play(Alice.PlayerId, 0, 6, Later);

        var over = Accepted(decision);
        Cell[] line = [new(0, 0), new(0, 1), new(0, 2), new(0, 3)];
        Assert.Equal(2, decision.Events.Count);
        Assert.Equal(new MoveMade(GameId, 7, Color.Red, 0, 3, null), decision.Events[0]);
        var ended = Assert.IsType<GameEnded>(decision.Events[1]);
        Assert.Equal((7, GameResult.RedWins, EndReason.Four), (ended.Ply, ended.Result, ended.Reason));
        Assert.Equal(line, ended.Line);
        Assert.Same(ended, decision.Ended);
        Assert.Equal((GameStatus.Over, GameResult.RedWins, EndReason.Four), (over.Status, over.State.Result, over.State.Reason));
        Assert.Equal(line, over.State.Line);
        Assert.Null(over.Turn);
    }

    [Fact]
    public void Yellow_wins_with_a_horizontal_four()
    {
        var game = Started(0, 1, 0, 2, 0, 3, 6);

        var decision = game.Play(Bob.PlayerId, 4, 7, Later);

        Assert.Equal(new MoveMade(GameId, 8, Color.Yellow, 4, 0, null), decision.Events[0]);
        var ended = Assert.IsType<GameEnded>(decision.Events[1]);
        Assert.Equal((8, GameResult.YellowWins, EndReason.Four), (ended.Ply, ended.Result, ended.Reason));
        Assert.Equal([new Cell(1, 0), new(2, 0), new(3, 0), new(4, 0)], ended.Line);
    }

    [Fact]
    public void A_full_board_with_no_four_is_a_draw_at_ply_42()
    {
        var game = Started(DrawMoves[..^1]);
        Assert.Equal(GameStatus.Playing, game.Status);

        var decision = game.Play(Bob.PlayerId, DrawMoves[^1], 41, Later);

        var over = Accepted(decision);
        Assert.Equal(new MoveMade(GameId, 42, Color.Yellow, DrawMoves[^1], 5, null), decision.Events[0]);
        Assert.Equal(new GameEnded(GameId, 42, GameResult.Draw, EndReason.Full, null), decision.Events[1]);
        Assert.Equal((GameStatus.Over, GameResult.Draw), (over.Status, over.State.Result!.Value));
        Assert.Null(over.State.Line);
    }

    [Fact]
    public void Resigning_gives_the_other_colour_the_game_at_the_current_ply()
    {
        var game = Started(3, 3, 4);

        var decision = game.Resign(Bob.PlayerId, Later);

        var over = Accepted(decision);
        Assert.Equal([new GameEnded(GameId, 3, GameResult.RedWins, EndReason.Resign, null)], decision.Events);
        Assert.Equal((GameStatus.Over, GameResult.RedWins, EndReason.Resign), (over.Status, over.State.Result, over.State.Reason));
        Assert.Equal([3, 3, 4], over.State.Moves);
    }

    [Fact]
    public void The_creator_may_resign_a_game_still_waiting_for_its_second_player()
    {
        var decision = Waiting().Resign(Alice.PlayerId, Later);

        Assert.Equal([new GameEnded(GameId, 0, GameResult.YellowWins, EndReason.Resign, null)], decision.Events);
        Assert.Equal(GameStatus.Over, Accepted(decision).Status);
    }

    [Fact]
    public void Resign_refuses_with_not_found_not_a_player_and_game_over()
    {
        var none = New();
        Refused(none, none.Resign(Alice.PlayerId, Later), RuleCodes.NotFound, null, Alice.PlayerId);
        var game = Started(3);
        Refused(game, game.Resign(Carol.PlayerId, Later), RuleCodes.NotAPlayer, 1, Carol.PlayerId);
        var over = Accepted(game.Resign(Alice.PlayerId, Later));
        Refused(over, over.Resign(Bob.PlayerId, Later), RuleCodes.GameOver, 1, Bob.PlayerId);
    }

    [Fact]
    public void The_bots_move_is_played_like_any_other_when_it_is_its_turn_at_the_ply_it_was_asked_at()
    {
        var game = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Yellow, 3), Random, Created));

        var decision = game.PlayBot(0, 3, Later);

        var after = Accepted(decision);
        Assert.Equal([new MoveMade(GameId, 1, Color.Red, 3, 0, Color.Yellow)], decision.Events);
        Assert.Null(after.BotLevelToMove);
        Assert.Equal(3, Accepted(after.Play(Alice.PlayerId, 3, 1, Later)).BotLevelToMove);
    }

    [Fact]
    public void A_bots_move_that_comes_too_late_or_out_of_turn_is_ignored_without_a_refusal()
    {
        var botGame = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 3), Random, Created));
        var botToMove = Accepted(botGame.Play(Alice.PlayerId, 3, 0, Later));
        var resigned = Accepted(botToMove.Resign(Alice.PlayerId, Later));

        AssertIgnored(botGame, botGame.PlayBot(0, 3, Later));           // the human's turn
        AssertIgnored(botToMove, botToMove.PlayBot(0, 3, Later));       // chosen before the human's move
        AssertIgnored(resigned, resigned.PlayBot(1, 3, Later));         // the game ended meanwhile
        var humans = Started();
        AssertIgnored(humans, humans.PlayBot(0, 3, Later));             // no bot in the game
        AssertIgnored(botToMove, botToMove.PlayBot(1, 7, Later));       // no such column

        // Red (the human) and the bot fill column 0 in turns; then the bot's answer in it finds it full.
        var full = Enumerable.Range(0, 3).Aggregate(botGame, (g, _) => Accepted(Accepted(g.Play(Alice.PlayerId, 0, null, Later)).PlayBot(g.Ply + 1, 0, Later)));
        var botToMoveAgain = Accepted(full.Play(Alice.PlayerId, 1, 6, Later));
        Assert.Equal(3, botToMoveAgain.BotLevelToMove);
        AssertIgnored(botToMoveAgain, botToMoveAgain.PlayBot(7, 0, Later));

        static void AssertIgnored(Game game, Decision decision)
        {
            Assert.Null(decision.Refusal);
            Assert.False(decision.Changed);
            Assert.Empty(decision.Events);
            Assert.Same(game, decision.Game);
        }
    }

    [Fact]
    public void A_stored_game_is_loaded_with_its_board_replayed()
    {
        var stored = Started(3, 3, 4).State;

        var game = Game.Load(GameId, stored);

        Assert.Equal((3, (Color?)Color.Yellow), (game.Ply, game.Turn));
        Assert.Equal(Started(3, 3, 4).Board, game.Board);
        Assert.False(New().Exists);
    }
}
