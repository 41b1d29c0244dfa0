using System.Net;
using Connect4.Gateway;
using Connect4.Gateway.Auth;
using Connect4.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connect4.Tests.Gateway;

/// <summary>The page, served by an embedded gateway and by one in client mode in front of a 3-silo cluster.</summary>
public abstract class PageTests
{
    /// <summary>Starts the gateway under test, embedded or in front of a cluster.</summary>
    protected abstract Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task A_plain_get_of_the_root_serves_the_page_and_its_assets()
    {
        await using var host = await StartHostAsync();
        using var http = new HttpClient { BaseAddress = host.HttpUri };

        using var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"board\"", html, StringComparison.Ordinal);

        using var script = await http.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        using var socketOnly = await http.GetAsync("/ws");
        Assert.Equal(HttpStatusCode.BadRequest, socketOnly.StatusCode);
    }
}

public sealed class PageEmbeddedTests : PageTests
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) => GatewayHost.StartAsync(settings);
}

public sealed class PageClusterTests(ClusterFixture fixture) : PageTests, IClassFixture<ClusterFixture>
{
    protected override Task<GatewayHost> StartHostAsync(IDictionary<string, string?>? settings = null) =>
        GatewayHost.StartAsync(settings, fixture.Cluster);
}

/// <summary>Resume tokens as a unit, with a manual clock: nothing of a gateway or a cluster is involved.</summary>
public sealed class TokenTests
{
    private static TokenService Tokens(TimeProvider time, string? secret = "a-secret-of-at-least-thirty-two-characters") =>
        new(Options.Create(new GatewayOptions { TokenSecret = secret, TokenLifetime = TimeSpan.FromDays(1) }), time,
            new GatewayLog(NullLogger<GatewayLog>.Instance));

    [Fact]
    public void A_token_names_its_player_until_it_expires()
    {
        var clock = new ManualTimeProvider();
        var tokens = Tokens(clock);
        var token = tokens.Issue("p-alice");

        Assert.Equal("p-alice", tokens.Validate(token, out _));
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal("p-alice", tokens.Validate(token, out _));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(tokens.Validate(token, out var reason));
        Assert.Equal("expired", reason);
    }

    [Fact]
    public void An_altered_or_foreign_token_is_refused()
    {
        var clock = new ManualTimeProvider();
        var token = Tokens(clock).Issue("p-alice");
        var parts = token.Split('.');
        var forgedPayload = Convert.ToBase64String("p-mallory|99999999999"u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Null(Tokens(clock).Validate($"{parts[0]}.{forgedPayload}.{parts[2]}", out var reason));
        Assert.Equal("bad signature", reason);
        Assert.Null(Tokens(clock, "another-secret-of-thirty-two-characters!").Validate(token, out _));
        Assert.Null(Tokens(clock).Validate("not-a-token", out _));
        Assert.Equal("p-alice", Tokens(clock).Validate(token, out _));
    }
}
