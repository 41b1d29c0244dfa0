using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>
/// A timed game's clock with no host (PROTOCOL.md section 9): the arithmetic of running clocks and increments, each at
/// an explicit time (the flag's fall is <see cref="GameFlagTests"/>).
/// </summary>
public sealed class GameClockTests
{
    private const string GameId = "game00000001";
    private static readonly DateTimeOffset Created = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    internal static readonly DateTimeOffset Start = Created.AddSeconds(30);
    private static readonly PlayerInfo Alice = new("p-alice", "Alice");
    private static readonly PlayerInfo Bob = new("p-bob", "Bob");
    private static readonly NewGameRandom Random = new(GameId + ".join", GameId + ".watch", Color.Yellow);

    /// <summary>Alice (red) against Bob (yellow) on a 60 s clock with a 2 s increment (or <paramref name="clock"/>), joined at <see cref="Start"/>.</summary>
    internal static Game Timed(ClockSettings? clock = null)
    {
        var waiting = Accepted(New().Create(Alice, new CreateGameOptions(Clock: clock ?? new ClockSettings(60, 2)), Random, Created));
        return Accepted(waiting.Join(Random.JoinKey, Bob, Start));
    }

    [Fact]
    public void A_waiting_game_shows_full_clocks_with_none_running()
    {
        var waiting = Accepted(New().Create(Alice, new CreateGameOptions(Clock: new ClockSettings(60, 2)), Random, Created));

        Assert.Equal(new ClockView(new ClockSettings(60, 2), 60_000, 60_000, null, Start), waiting.ClockAt(Start));
        Assert.Null(waiting.Deadline);
        Assert.False(waiting.Tick(Start.AddHours(1)).Changed);
    }

    [Theory]
    [InlineData(14, 0)]
    [InlineData(3601, 0)]
    [InlineData(60, -1)]
    [InlineData(60, 61)]
    public void Create_refuses_a_clock_out_of_range_with_bad_request(int initial, int increment)
    {
        var game = New();
        Refused(game, game.Create(Alice, new CreateGameOptions(Clock: new ClockSettings(initial, increment)), Random, Created), RuleCodes.BadRequest, null, Alice.PlayerId);
    }

    [Theory]
    [InlineData(15, 0)]
    [InlineData(3600, 60)]
    public void Create_takes_the_clocks_at_the_bounds(int initial, int increment) =>
        Assert.Equal(new ClockSettings(initial, increment), Timed(new ClockSettings(initial, increment)).State.Clock);

    [Fact]
    public void Join_starts_reds_clock_and_sets_its_deadline()
    {
        var game = Timed();

        Assert.Equal((Color?)Color.Red, game.Running);
        Assert.Equal(Start.AddSeconds(60), game.Deadline);
        Assert.Equal(new ClockView(new ClockSettings(60, 2), 57_500, 60_000, Color.Red, Start.AddSeconds(2.5)), game.ClockAt(Start.AddSeconds(2.5)));
    }

    [Fact]
    public void A_move_stops_the_movers_clock_adds_the_increment_and_starts_the_others()
    {
        var game = Timed();

        var red = game.Play(Alice.PlayerId, 3, 0, Start.AddSeconds(4.2));
        var afterRed = Accepted(red);
        Assert.Equal([new MoveMade(GameId, 1, Color.Red, 3, 0, Color.Yellow, new MoveClock(57_800, 60_000))], red.Events);
        Assert.Equal(((Color?)Color.Yellow, Start.AddMilliseconds(4_200 + 60_000)), (afterRed.Running, afterRed.Deadline));

        var yellow = afterRed.Play(Bob.PlayerId, 3, 1, Start.AddSeconds(10));
        Assert.Equal(new MoveClock(57_800, 56_200), Assert.IsType<MoveMade>(Assert.Single(yellow.Events)).Clock);
        var afterYellow = Accepted(yellow);
        Assert.Equal(Start.AddMilliseconds(10_000 + 57_800), afterYellow.Deadline);
        Assert.Equal((57_800 - 1_000, 56_200), (afterYellow.RemainingMs(Color.Red, Start.AddSeconds(11)), afterYellow.RemainingMs(Color.Yellow, Start.AddSeconds(11))));
    }

    [Fact]
    public void The_end_of_a_game_stops_both_clocks_where_they_are()
    {
        var won = PlayAt(Timed(), Start.AddSeconds(1), 0, 1, 0, 1, 0, 1, 0);
        Assert.Equal((GameStatus.Over, (Color?)null, (DateTimeOffset?)null), (won.Status, won.Running, won.Deadline));
        Assert.Equal((60_000 - 1_000 + 4 * 2_000, 60_000 + 3 * 2_000), (won.RemainingMs(Color.Red, Start.AddHours(1)), won.RemainingMs(Color.Yellow, Start.AddHours(1))));

        var resigned = Accepted(Timed().Resign(Alice.PlayerId, Start.AddSeconds(7)));
        Assert.Equal(new ClockView(new ClockSettings(60, 2), 53_000, 60_000, null, Start.AddHours(1)), resigned.ClockAt(Start.AddHours(1)));
    }

    [Fact]
    public void An_untimed_game_has_no_clock_and_no_deadline()
    {
        var game = Started(3);

        Assert.Equal((false, (ClockView?)null, (DateTimeOffset?)null), (game.Timed, game.ClockAt(Start), game.Deadline));
        Assert.Null(Assert.IsType<MoveMade>(Assert.Single(game.Play(Bob.PlayerId, 3, 1, Start.AddDays(1)).Events)).Clock);
        Assert.False(game.Tick(Start.AddDays(1)).Changed);
    }

    [Fact]
    public void A_timed_game_is_stored_with_its_clock_and_a_new_load_knows_the_deadline()
    {
        var serializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
        var game = PlayAt(Timed(), Start.AddSeconds(1.25), 3);

        var json = serializer.Serialize(game.State);
        var back = Game.Load(GameId, serializer.Deserialize<GameState>(json)!);

        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        Assert.Equal(["Clock", "ClockSince", "RedMs", "YellowMs"], document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n.Contains("Clock") || n.EndsWith("Ms")).Order());
        Assert.Equal((game.Deadline, game.Running), (back.Deadline, back.Running));
        Assert.Equal(game.ClockAt(Start.AddSeconds(5)), back.ClockAt(Start.AddSeconds(5)));
    }

    /// <summary>Plays <paramref name="moves"/> alternately, all at <paramref name="at"/>.</summary>
    internal static Game PlayAt(Game game, DateTimeOffset at, params int[] moves) =>
        moves.Aggregate(game, (g, column) => Accepted(g.Play(g.Ply % 2 == 0 ? Alice.PlayerId : Bob.PlayerId, column, g.Ply, at)));
}
