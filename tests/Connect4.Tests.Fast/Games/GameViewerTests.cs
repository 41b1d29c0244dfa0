using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>Who may follow, see and analyse a game, and what they see: the rules with no host.</summary>
public sealed class GameViewerTests
{
    private const string GameId = "game00000001";
    private const string Stranger = "p-stranger";
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 5, 5, TimeSpan.Zero);

    [Fact]
    public void Players_follow_in_their_seats_role_anyone_else_only_with_the_watch_key()
    {
        var game = Started(3);

        Assert.Equal(ViewerRole.Red, game.RoleOf("p-alice", null));
        Assert.Equal(ViewerRole.Yellow, game.RoleOf("p-bob", "wrong"));
        Assert.Equal(ViewerRole.Spectator, game.RoleOf(Stranger, Random.WatchKey));
        Assert.Null(game.RoleOf(Stranger, null));
        Assert.Null(game.RoleOf(Stranger, GameId + ".AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Null(game.RoleOf(Stranger, Random.JoinKey));
        Assert.Null(New().RoleOf("p-alice", Random.WatchKey));
    }

    [Fact]
    public void A_finished_game_is_followed_by_anyone_by_its_id_alone_but_a_private_one_under_way_is_not()
    {
        var playing = Started(3, 3);
        Assert.Null(playing.RoleOf(Stranger, null));
        Assert.Null(Waiting().RoleOf(Stranger, null));

        var over = Accepted(playing.Resign("p-bob", DateTimeOffset.UnixEpoch));
        Assert.True(over.WatchableById);
        Assert.Equal(ViewerRole.Spectator, over.RoleOf(Stranger, null));
        Assert.Equal(ViewerRole.Spectator, over.RoleOf(Stranger, GameId + ".AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(ViewerRole.Yellow, over.RoleOf("p-bob", null));

        // A game resigned before its second player came is in its creator's history too.
        var endedWaiting = Accepted(Waiting().Resign("p-alice", DateTimeOffset.UnixEpoch));
        Assert.Equal(ViewerRole.Spectator, endedWaiting.RoleOf(Stranger, null));
        Assert.Null(New().RoleOf(Stranger, null));
    }

    [Fact]
    public void A_public_game_is_followed_by_id_from_its_start()
    {
        var open = Accepted(New().Create(new PlayerInfo("p-alice", "Alice"), new CreateGameOptions(Public: true), Random, DateTimeOffset.UnixEpoch));

        Assert.True(open.WatchableById);
        Assert.Equal(ViewerRole.Spectator, open.RoleOf(Stranger, null));
        Assert.False(Started(3).WatchableById);
    }

    [Fact]
    public void Only_players_and_followers_may_have_a_snapshot()
    {
        var game = Started(3);

        Assert.Null(game.ViewRefusal("p-bob", following: false));
        Assert.Null(game.ViewRefusal(Stranger, following: true));
        Assert.Equal(RuleCodes.NotFound, game.ViewRefusal(Stranger, following: false)?.Code);
        Assert.Equal(RuleCodes.NotFound, New().ViewRefusal("p-alice", following: true)?.Code);
    }

    [Fact]
    public void A_snapshot_shows_the_board_the_turn_who_is_online_and_the_watch_key()
    {
        var view = Started(3, 4).View(Stranger, new Presence(Red: true, Yellow: false, Spectators: 4), Now);

        // Records compare lists by reference: the moves are compared on their own.
        Assert.Equal(
            new GameView(GameId, ViewerRole.Spectator, new Seat("p-alice", "Alice", true, RatingValue.New), new Seat("p-bob", "Bob", false, RatingValue.New), view.Moves, Color.Red, GameStatus.Playing, null, null, null, 4, null, Random.WatchKey),
            view);
        Assert.Equal([3, 4], view.Moves);
    }

    [Fact]
    public void The_join_key_is_shown_to_the_creator_of_a_waiting_game_only()
    {
        var waiting = Waiting();

        Assert.Equal(Random.JoinKey, waiting.View("p-alice", default, Now).JoinKey);
        Assert.Null(waiting.View(Stranger, default, Now).JoinKey);
        Assert.Null(Started().View("p-alice", default, Now).JoinKey);
        Assert.Null(waiting.View("p-alice", default, Now).Yellow);
    }

    [Fact]
    public void The_bot_is_always_online()
    {
        var game = Accepted(New().Create(new PlayerInfo("p-alice", "Alice"), new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 4), Random, DateTimeOffset.UnixEpoch));

        var view = game.View("p-alice", default, Now);

        Assert.Equal(new Seat("bot:4", "Computer (level 4)", true), view.Yellow);
        Assert.False(view.Red!.Online);
    }

    [Fact]
    public void A_finished_game_shows_its_result_and_line_and_no_turn()
    {
        var view = Started(0, 1, 0, 1, 0, 1, 0).View("p-bob", default, Now);

        Assert.Equal((GameStatus.Over, (Color?)null, GameResult.RedWins, EndReason.Four), (view.Status, view.Turn, view.Result!.Value, view.Reason!.Value));
        Assert.Equal([new Cell(0, 0), new(0, 1), new(0, 2), new(0, 3)], view.Line);
    }

    [Fact]
    public void Analysis_is_for_finished_games_seen_by_players_and_followers()
    {
        var playing = Started(3, 3);
        Assert.Equal((RuleCodes.NotAllowed, 2), Code(playing.AnalysisRefusal("p-alice", false, null)));
        Assert.Equal((RuleCodes.NotAllowed, 2), Code(playing.AnalysisRefusal(Stranger, true, null)));
        Assert.Equal((RuleCodes.NotFound, (int?)null), Code(playing.AnalysisRefusal(Stranger, false, null)));
        Assert.Equal((RuleCodes.NotFound, (int?)null), Code(New().AnalysisRefusal("p-alice", true, null)));

        var over = Accepted(playing.Resign("p-bob", DateTimeOffset.UnixEpoch));
        Assert.Null(over.AnalysisRefusal("p-alice", false, null));
        Assert.Null(over.AnalysisRefusal(Stranger, true, 0));
        Assert.Null(over.AnalysisRefusal(Stranger, true, 2));
        Assert.Equal((RuleCodes.BadRequest, 2), Code(over.AnalysisRefusal("p-alice", false, 3)));
        Assert.Equal((RuleCodes.BadRequest, 2), Code(over.AnalysisRefusal("p-alice", false, -1)));
        Assert.Equal((RuleCodes.NotFound, (int?)null), Code(over.AnalysisRefusal(Stranger, false, 1)));
    }

    [Fact]
    public void The_human_against_the_bot_may_analyse_during_the_game_but_a_spectator_may_not()
    {
        var game = Accepted(New().Create(new PlayerInfo("p-alice", "Alice"), new CreateGameOptions(OpponentKind.Bot, ColorChoice.Red, 3), Random, DateTimeOffset.UnixEpoch));

        Assert.Null(game.AnalysisRefusal("p-alice", false, null));
        Assert.Equal(RuleCodes.NotAllowed, game.AnalysisRefusal(Stranger, true, null)?.Code);
    }

    [Fact]
    public void The_position_analysed_is_the_current_one_or_the_one_after_the_moves_asked_for()
    {
        var game = Started(3, 3, 4);

        Assert.Equal(game.Board, game.Position(null));
        Assert.Equal(game.Board, game.Position(3));
        Assert.Equal(Started(3).Board, game.Position(1));
        Assert.Equal(0, game.Position(0).Ply);
    }

    private static (string? Code, int? Ply) Code(GameRuleException? refusal) => (refusal?.Code, refusal?.Ply);
}
