using Connect4.GrainInterfaces;

namespace Connect4.Tests.Grains;

/// <summary>A rated game's end updates both players' ratings exactly once: told twice, or told again by a new activation after a failure.</summary>
public sealed class RatedGameGrainTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    private async Task<(IGameGrain Game, string GameId, string Red, string Yellow)> RatedGame()
    {
        var (red, yellow) = (GameGrainFixture.Id("red"), GameGrainFixture.Id("yellow"));
        var created = await Client.GetGrain<IPlayerGrain>(red).CreateGame(new CreateGameOptions(Rated: true));
        await Client.GetGrain<IPlayerGrain>(yellow).JoinGame(created.JoinKey);
        return (Client.GetGrain<IGameGrain>(created.GameId), created.GameId, red, yellow);
    }

    private Task<PlayerRating> RatingOf(string playerId) => Client.GetGrain<IPlayerGrain>(playerId).GetRating();

    [Fact]
    public async Task A_bot_game_cannot_be_rated()
    {
        var error = await Assert.ThrowsAsync<GameRuleException>(() =>
            Client.GetGrain<IPlayerGrain>(GameGrainFixture.Id("solo")).CreateGame(new CreateGameOptions(OpponentKind.Bot, Level: 2, Rated: true)));

        Assert.Equal(RuleCodes.BadRequest, error.Code);
    }

    [Fact]
    public async Task A_rated_game_updates_both_players_once_however_often_they_are_told()
    {
        var (game, gameId, red, yellow) = await RatedGame();

        await game.Resign(yellow);

        var (redAfter, yellowAfter) = (await RatingOf(red), await RatingOf(yellow));
        Assert.Equal((1662, 1, 1338, 1), (redAfter.Rating.Rounded, redAfter.RatedGames, yellowAfter.Rating.Rounded, yellowAfter.RatedGames));

        // The game's retry after a lost acknowledgement: the same game's step again changes nothing.
        var view = await game.GetView(red);
        var ratings = new GameRatings(new RatingStep(RatingValue.New, redAfter.Rating), new RatingStep(RatingValue.New, yellowAfter.Rating));
        await Client.GetGrain<IPlayerGrain>(red).GameFinished(gameId, GameResult.RedWins, Color.Red, ratings);
        Assert.Equal(redAfter, await RatingOf(red));
        Assert.Equal(new PlayerStats(1, 0, 0), (await Client.GetGrain<IPlayerGrain>(red).GetProfile()).Stats);
        Assert.Equal(1662, view.Red!.Rating!.Rounded);
    }

    [Fact]
    public async Task Players_that_could_not_be_told_are_told_by_the_games_next_activation()
    {
        var (game, _, red, yellow) = await RatedGame();

        fixture.Faults.FailWritesOf = "player";
        try
        {
            // The end is stored with its ratings; the players' writes fail, so neither is updated yet.
            await game.Resign(red);
            await fixture.Cluster.DeactivateAsync(game);
        }
        finally
        {
            fixture.Faults.FailWritesOf = null;
        }

        Assert.Equal(0, (await RatingOf(red)).RatedGames);
        await game.GetView(red);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await RatingOf(yellow)).RatedGames == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(500);
        var (redAfter, yellowAfter) = (await RatingOf(red), await RatingOf(yellow));
        Assert.Equal((1338, 1, 1662, 1), (redAfter.Rating.Rounded, redAfter.RatedGames, yellowAfter.Rating.Rounded, yellowAfter.RatedGames));
        Assert.Equal(new PlayerStats(0, 1, 0), (await Client.GetGrain<IPlayerGrain>(red).GetProfile()).Stats);
    }
}
