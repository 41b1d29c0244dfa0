using System.Text.Json.Nodes;
using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Gateway;

/// <summary>Subscriptions lapse unless renewed: connections of both dialects renew theirs for as long as they live.</summary>
public sealed class RenewalTests
{
    private static readonly Dictionary<string, string?> ShortLeases = new()
    {
        ["Game:SubscriptionExpiry"] = "00:00:01.500",
        ["Gateway:SubscriptionRefresh"] = "00:00:00.300",
    };

    [Fact]
    public async Task Both_dialects_keep_receiving_events_long_after_the_subscription_expiry()
    {
        await using var host = await GatewayHost.StartAsync(ShortLeases);
        await using var tutorial = await TestClient.ConnectAsync(host.TutorialUri);
        await tutorial.SendAsync(new JsonObject { ["type"] = "init" });
        var init = await tutorial.NextAsync("init");
        await using var native = await TestClient.HelloAsync(host.WsUri);
        var joined = await native.RequestAsync(new JsonObject { ["type"] = "join", ["joinKey"] = (string)init["join"]! }, "joined");
        var gameId = (string)joined["gameId"]!;
        await native.NextAsync("game", gameId);

        for (var ply = 0; ply < 4; ply++)
        {
            // Each pause outlasts the expiry: only renewed subscriptions still get the next move.
            await Task.Delay(TimeSpan.FromSeconds(0.6));
            if (ply % 2 == 0)
            {
                await tutorial.SendAsync(new JsonObject { ["type"] = "play", ["column"] = ply });
            }
            else
            {
                await native.RequestAsync(new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = ply, ["ply"] = ply }, "played");
            }

            await native.MoveAsync(gameId, ply + 1);
            await tutorial.ReceiveAsync(m => (string?)m["type"] == "play" && (int?)m["column"] == ply, $"play in column {ply}");
        }

        var state = await native.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
        Assert.True((bool)state["red"]!["online"]!, "the tutorial player should still count as online");
    }
}
