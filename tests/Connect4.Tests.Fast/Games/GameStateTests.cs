using System.Text;
using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Connect4.Tests.Games;

/// <summary>
/// The stored shape of a game, through the storage serializer the silos use (System.Text.Json): games stored before
/// the state became immutable still load, and the names stay those of that shape.
/// </summary>
public sealed class GameStateTests
{
    private static readonly SystemTextJsonGrainStorageSerializer Serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    /// <summary>A finished game as the mutable state (with <see cref="List{T}"/> properties) stored it.</summary>
    private const string StoredBefore = """
        {"Created":true,"JoinKey":"g.join","WatchKey":"g.watch","Red":{"PlayerId":"p-a","Name":"A"},"Yellow":{"PlayerId":"bot:3","Name":"Computer (level 3)"},
         "Moves":[0,1,0,1,0,1,0],"Status":2,"Result":0,"Reason":0,"Line":[{"Column":0,"Row":0},{"Column":0,"Row":1},{"Column":0,"Row":2},{"Column":0,"Row":3}],
         "Opponent":1,"BotLevel":3,"CreatedAt":"2025-01-02T03:04:05+00:00","UpdatedAt":"2025-01-02T03:05:05+00:00","Gateways":["sys.client/h1"]}
        """;

    [Fact]
    public void A_game_stored_in_the_earlier_shape_loads()
    {
        var state = Serializer.Deserialize<GameState>(BinaryData.FromString(StoredBefore))!;

        Assert.Equal((true, "g.join", "g.watch", GameStatus.Over, GameResult.RedWins, EndReason.Four), (state.Created, state.JoinKey, state.WatchKey, state.Status, state.Result!.Value, state.Reason!.Value));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0], state.Moves);
        Assert.Equal([new Cell(0, 0), new(0, 1), new(0, 2), new(0, 3)], state.Line);
        Assert.Equal((OpponentKind.Bot, 3, (Color?)Color.Yellow), (state.Opponent, state.BotLevel!.Value, state.BotColor));
        Assert.Equal(["sys.client/h1"], state.Gateways);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 5, 5, TimeSpan.Zero), state.UpdatedAt);
        Assert.Equal(7, Game.Load("g", state).Ply);
    }

    [Fact]
    public void A_game_is_stored_under_the_same_names_and_round_trips()
    {
        // A finished game (with a bot level, for once) has every property set: the serializer leaves out nulls.
        var game = GameTests.Started(0, 1, 0, 1, 0, 1, 0);

        var json = Serializer.Serialize(game.State with { BotLevel = 3, Gateways = ["sys.client/h1"] });
        var back = Serializer.Deserialize<GameState>(json)!;

        using var document = System.Text.Json.JsonDocument.Parse(json.ToString());
        string[] names = ["Created", "JoinKey", "WatchKey", "Red", "Yellow", "Moves", "Status", "Result", "Reason", "Line", "Opponent", "BotLevel", "CreatedAt", "UpdatedAt", "Gateways", "Options", "RedMs", "YellowMs", "PlayersTold"];
        Assert.Equal(names.Order(), document.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal([0, 1, 0, 1, 0, 1, 0], back.Moves);
        Assert.Equal([new Cell(0, 0), new(0, 1), new(0, 2), new(0, 3)], back.Line);
        Assert.Equal(game.State with { BotLevel = 3, Moves = back.Moves, Line = back.Line, Gateways = back.Gateways }, back);
        Assert.Equal(Encoding.UTF8.GetString(json.ToArray()), Serializer.Serialize(back).ToString());
    }
}
