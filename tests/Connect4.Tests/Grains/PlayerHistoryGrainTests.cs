using Connect4.GrainInterfaces;
using Connect4.Grains;
using Connect4.Grains.Players;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Connect4.Tests.Grains;

/// <summary>A player's history on its grains: stored in pages of its own, read back newest first, each game once, also across a failed write.</summary>
public sealed class PlayerHistoryGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private IClusterClient Client => fixture.Cluster.Client;

    /// <summary>A stored player (it created a game), and the record of a game it won as red.</summary>
    private async Task<(IPlayerGrain Player, GameRecord Record)> PlayerAsync()
    {
        var id = GameGrainFixture.Id("historian");
        var player = Client.GetGrain<IPlayerGrain>(id);
        await player.CreateGame(new CreateGameOptions());
        return (player, new GameRecord(new PlayerInfo(id, "historian"), new PlayerInfo("p-other", "Other"), EndReason.Four, 7, Now));
    }

    private static async Task<List<string>> AllAsync(IPlayerGrain player)
    {
        var games = new List<string>();
        for (long? before = null; ;)
        {
            var page = (await player.History(before, 50))!;
            games.AddRange(page.Games.Select(e => e.GameId));
            if ((before = page.Next) is null)
            {
                return games;
            }
        }
    }

    [Fact]
    public async Task Many_games_read_back_in_pages_newest_first_each_game_once()
    {
        var (player, record) = await PlayerAsync();
        for (var i = 1; i <= 120; i++)
        {
            await player.GameFinished($"h{i}", GameResult.RedWins, Color.Red, record: record);
        }

        await player.GameFinished("h60", GameResult.RedWins, Color.Red, record: record);

        var first = (await player.History(null, 50))!;
        Assert.Equal(Enumerable.Range(71, 50).Reverse().Select(i => $"h{i}"), first.Games.Select(e => e.GameId));
        Assert.Equal(71, first.Next);
        Assert.Equal(Enumerable.Range(1, 120).Reverse().Select(i => $"h{i}"), await AllAsync(player));
    }

    [Fact]
    public async Task A_game_whose_player_could_not_store_it_is_not_shown_and_its_retry_adds_it_once()
    {
        var (player, record) = await PlayerAsync();
        await player.GameFinished("g1", GameResult.RedWins, Color.Red, record: record);

        // The history's page is written, the player's state is not: the game will tell the player again.
        fixture.Faults.FailWritesOf = "player";
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => player.GameFinished("g2", GameResult.RedWins, Color.Red, record: record));
        }
        finally
        {
            fixture.Faults.FailWritesOf = null;
        }

        Assert.Equal(["g1"], await AllAsync(player));
        await player.GameFinished("g3", GameResult.RedWins, Color.Red, record: record);
        await player.GameFinished("g2", GameResult.RedWins, Color.Red, record: record);
        await player.GameFinished("g2", GameResult.RedWins, Color.Red, record: record);
        var entries = (await player.History(null, 50))!.Games;
        Assert.Equal(["g2", "g3", "g1"], entries.Select(e => e.GameId));
        Assert.Equal([3L, 2L, 1L], entries.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_player_stored_before_pages_keeps_its_history_which_moves_to_pages_at_activation()
    {
        // A state as the grains stored it when the history was part of the player's state.
        var id = GameGrainFixture.Id("veteran");
        var other = new PlayerInfo("p-other", "Other", RatingValue.New);
        var legacy = new PlayerState
        {
            Name = "veteran",
            Wins = 70,
            HistorySeq = 70,
            History = [.. Enumerable.Range(1, 70).Select(i => new HistoryEntry(i, $"v{i}", Color.Red, other, GameResult.RedWins, EndReason.Four, null, 7, Now))],
        };
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(GameOptions.StorageName);
        var player = Client.GetGrain<IPlayerGrain>(id);
        await storage.WriteStateAsync("player", player.GetGrainId(), new GrainState<PlayerState>(legacy));

        Assert.Equal(Enumerable.Range(1, 70).Reverse().Select(i => $"v{i}"), await AllAsync(player));
        var stored = new GrainState<PlayerState>();
        await storage.ReadStateAsync("player", player.GetGrainId(), stored);
        Assert.Empty(stored.State!.History);
        Assert.Equal(70, stored.State.HistoryGames.Count);

        // A retry of a game it had before pages is still recognised; a new game is number 71.
        var record = new GameRecord(new PlayerInfo(id, "veteran"), other, EndReason.Four, 7, Now);
        await player.GameFinished("v70", GameResult.RedWins, Color.Red, record: record);
        await player.GameFinished("v71", GameResult.RedWins, Color.Red, record: record);
        var newest = (await player.History(null, 2))!.Games;
        Assert.Equal([("v71", 71L), ("v70", 70L)], newest.Select(e => (e.GameId, e.Seq)));
    }
}
