using Connect4.GrainInterfaces;
using Connect4.Grains.Games;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using static Connect4.Tests.Games.GameTests;

namespace Connect4.Tests.Games;

/// <summary>A game's options, rematch and chat go through the storage serializer the silos use (System.Text.Json) and come back whole.</summary>
public sealed class RematchAndChatStateTests
{
    private static readonly SystemTextJsonGrainStorageSerializer Serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_finished_game_with_its_chat_and_a_decided_rematch_round_trips()
    {
        var game = Accepted(Started(3).Resign("p-bob", Now));
        game = Accepted(game.Say(new PlayerInfo("p-alice", "Alice"), "gg", following: false, new ChatBudget(1, 5), Now));
        game = Accepted(game.Say(new PlayerInfo("p-fan", "Fan"), "well played", following: true, new ChatBudget(1, 5), Now));
        game = Accepted(game.Rematch("p-alice", "newgame00001", TimeSpan.FromMinutes(5), Now));
        game = Accepted(game.Rematch("p-bob", "newgame00001", TimeSpan.FromMinutes(5), Now));
        var state = game.State with { RematchOf = "oldgame00001" };

        var back = Serializer.Deserialize<GameState>(Serializer.Serialize(state))!;

        Assert.Equal(state.Options, back.Options);
        Assert.Equal(state.Rematch, back.Rematch);
        Assert.Equal("oldgame00001", back.RematchOf);
        Assert.Equal(state.Chat!.Players, back.Chat!.Players);
        Assert.Equal(state.Chat.Spectators, back.Chat.Spectators);
        Assert.Equal(2, back.Chat.LastSeq);
        Assert.Equal(state.Chat.Budgets.OrderBy(b => b.Key), back.Chat.Budgets.OrderBy(b => b.Key));
        var loaded = Game.Load(game.Id, back);
        Assert.Equal("newgame00001", loaded.PendingRematch);
        Assert.Equal(["gg"], loaded.ChatFor(ViewerRole.Red).Select(l => l.Text));
    }
}
