using Connect4.GrainInterfaces;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Grains;

/// <summary>
/// <see cref="IGameGrain.PlayFrom"/>: the mover's gateway gets its turn's events in the reply and not again in a call
/// of their own; every other following gateway is called as always; a gateway that follows nothing gets none.
/// </summary>
public sealed class GameGrainPlayFromTests(GameGrainFixture fixture) : IClassFixture<GameGrainFixture>
{
    private IClusterClient Client => fixture.Cluster.Client;

    private (GatewayRecorder Recorder, IGatewayObserver Reference) Gateway()
    {
        var recorder = new GatewayRecorder();
        return (recorder, Client.CreateObjectReference<IGatewayObserver>(recorder));
    }

    /// <summary>A started game followed by red's connection on one gateway and yellow's on another.</summary>
    private async Task<FollowedBoth> FollowedGame()
    {
        var (game, gameId, red, yellow) = await fixture.StartedGame();
        var (redGateway, redRef) = Gateway();
        var (yellowGateway, yellowRef) = Gateway();
        await game.Subscribe(redRef, 1, new Follower(1, red, null));
        await game.Subscribe(yellowRef, 1, new Follower(1, yellow, null));
        return new FollowedBoth(game, gameId, red, yellow, redGateway, redRef, yellowGateway, yellowRef);
    }

    private sealed record FollowedBoth(
        IGameGrain Game, string GameId, string Red, string Yellow,
        GatewayRecorder RedGateway, IGatewayObserver RedRef, GatewayRecorder YellowGateway, IGatewayObserver YellowRef);

    private static (string GameId, int Ply, Color Player, int Column) Summary(MoveMade move) => (move.GameId, move.Ply, move.Player, move.Column);

    [Fact]
    public async Task The_reply_carries_the_movers_gateways_events_and_the_other_gateway_is_called()
    {
        var (game, gameId, red, yellow, redGateway, redRef, yellowGateway, yellowRef) = await FollowedGame();

        var first = await game.PlayFrom(redRef, red, 3, 0);
        Assert.Equal(1, first.Ply);
        Assert.Equal([(gameId, 1, Color.Red, 3)], first.Events.OfType<MoveMade>().Select(Summary));
        await yellowGateway.WaitFor(events => events.OfType<MoveMade>().Any());

        var second = await game.PlayFrom(yellowRef, yellow, 4, 1);
        Assert.Equal([(gameId, 2, Color.Yellow, 4)], second.Events.OfType<MoveMade>().Select(Summary));
        await redGateway.WaitFor(events => events.OfType<MoveMade>().Any());

        // Each gateway was called with the other's move only: its own came with its reply.
        Assert.Equal([2], redGateway.Events.OfType<MoveMade>().Select(m => m.Ply));
        Assert.Equal([1], yellowGateway.Events.OfType<MoveMade>().Select(m => m.Ply));
    }

    [Fact]
    public async Task A_gateway_that_follows_nothing_of_the_game_gets_no_events_and_the_followers_get_them()
    {
        var (game, gameId, red, yellow) = await fixture.StartedGame();
        var (followingGateway, followingRef) = Gateway();
        var (_, elsewhereRef) = Gateway();
        await game.Subscribe(followingRef, 1, new Follower(1, yellow, null));

        var played = await game.PlayFrom(elsewhereRef, red, 0, 0);

        Assert.Equal(1, played.Ply);
        Assert.Empty(played.Events);
        await followingGateway.WaitFor(events => events.OfType<MoveMade>().Any());
        Assert.Equal([(gameId, 1, Color.Red, 0)], followingGateway.Events.OfType<MoveMade>().Select(Summary));
    }

    [Fact]
    public async Task A_refused_move_changes_nothing_and_tells_no_one()
    {
        var (game, _, red, yellow, redGateway, redRef, yellowGateway, yellowRef) = await FollowedGame();

        var error = await Assert.ThrowsAsync<GameRuleException>(() => game.PlayFrom(yellowRef, yellow, 0, 0));
        Assert.Equal(RuleCodes.NotYourTurn, error.Code);

        // A move after it is the first anyone hears of.
        await game.PlayFrom(redRef, red, 5, 0);
        await yellowGateway.WaitFor(events => events.OfType<MoveMade>().Any());
        Assert.Equal([5], yellowGateway.Events.OfType<MoveMade>().Select(m => m.Column));
        Assert.Empty((await game.GetView(red)).Moves.Skip(1));
        Assert.DoesNotContain(redGateway.Events, e => e is MoveMade);
    }
}
