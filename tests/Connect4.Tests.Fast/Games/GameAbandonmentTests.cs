using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>Claims of abandonment with no host (PROTOCOL.md section 9): who may claim which game, and when.</summary>
public sealed class GameAbandonmentTests
{
    private const string GameId = "game00000001";
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 4, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);

    [Fact]
    public void A_player_may_claim_once_the_opponent_has_been_away_for_the_wait_and_wins()
    {
        var game = Started(3, 4);

        var claim = game.Claim("p-bob", Now - Wait, Wait, Now);

        var over = Accepted(claim);
        Assert.Equal([new GameEnded(GameId, 2, GameResult.YellowWins, EndReason.Abandoned, null)], claim.Events);
        Assert.Equal((GameStatus.Over, EndReason.Abandoned), (over.Status, over.State.Reason!.Value));
        Assert.Equal(GameResult.RedWins, Accepted(game.Claim("p-alice", Now - Wait - Wait, Wait, Now)).State.Result);
    }

    [Fact]
    public void A_claim_before_the_wait_or_against_a_connected_opponent_is_not_allowed_and_says_how_long_is_left()
    {
        var game = Started(3);

        var early = Refused(game, game.Claim("p-alice", Now - Wait + TimeSpan.FromMilliseconds(1500), Wait, Now), RuleCodes.NotAllowed, 1, "p-alice");
        Assert.Contains("1500 ms", early.Message, StringComparison.Ordinal);
        Refused(game, game.Claim("p-alice", null, Wait, Now), RuleCodes.NotAllowed, 1, "p-alice");
    }

    [Fact]
    public void Timed_bot_waiting_and_finished_games_cannot_be_claimed_and_strangers_not_at_all()
    {
        var longAgo = Now.AddHours(-1);
        var timed = Accepted(Accepted(New().Create(Alice, new CreateGameOptions(Clock: new ClockSettings(3600, 0)), Random, Now.AddMinutes(-1)))
            .Join(Random.JoinKey, new PlayerInfo("p-bob", "Bob"), Now.AddMinutes(-1)));
        Refused(timed, timed.Claim("p-alice", longAgo, Wait, Now), RuleCodes.NotAllowed, 0, "p-alice");

        var bot = Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot), Random, Now));
        Refused(bot, bot.Claim("p-alice", longAgo, Wait, Now), RuleCodes.NotAllowed, 0, "p-alice");

        var waiting = Waiting();
        Refused(waiting, waiting.Claim("p-alice", longAgo, Wait, Now), RuleCodes.NotAllowed, 0, "p-alice");

        var over = Accepted(Started(3).Resign("p-bob", Now));
        Refused(over, over.Claim("p-alice", longAgo, Wait, Now), RuleCodes.GameOver, 1, "p-alice");

        var game = Started(3);
        Refused(game, game.Claim("p-carol", longAgo, Wait, Now), RuleCodes.NotAPlayer, 1, "p-carol");
        var none = New();
        Refused(none, none.Claim("p-alice", longAgo, Wait, Now), RuleCodes.NotFound, null, "p-alice");
    }

    [Fact]
    public void A_claim_in_a_timed_game_after_the_flag_fell_ends_it_by_timeout_and_is_refused_as_game_over()
    {
        var timed = Accepted(Accepted(New().Create(Alice, new CreateGameOptions(Clock: new ClockSettings(15, 0)), Random, Now))
            .Join(Random.JoinKey, new PlayerInfo("p-bob", "Bob"), Now));

        var claim = timed.Claim("p-bob", Now, Wait, Now.AddSeconds(16));

        Assert.Equal(RuleCodes.GameOver, claim.Refusal?.Code);
        Assert.Equal(EndReason.Timeout, Assert.Single(claim.Events.OfType<GameEnded>()).Reason);
    }

    [Fact]
    public void ClaimableIn_is_the_wait_left_and_only_where_abandonment_applies()
    {
        var game = Started(3);

        Assert.Equal(Wait, game.ClaimableIn(Now, Wait, Now));
        Assert.Equal(TimeSpan.FromSeconds(15), game.ClaimableIn(Now, Wait, Now.AddSeconds(45)));
        Assert.Equal(TimeSpan.Zero, game.ClaimableIn(Now, Wait, Now.AddHours(1)));
        Assert.Null(Waiting().ClaimableIn(Now, Wait, Now));
        Assert.Null(Accepted(New().Create(Alice, new CreateGameOptions(OpponentKind.Bot), Random, Now)).ClaimableIn(Now, Wait, Now));
    }
}
