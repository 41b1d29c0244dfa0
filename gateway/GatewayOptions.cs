namespace Connect4.Gateway;

/// <summary>Settings of a gateway (configuration section <c>Gateway</c>; environment variables <c>Gateway__Name</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";
    public const string EmbeddedMode = "embedded";
    public const string ClientMode = "client";

    /// <summary>
    /// "embedded" (the default): an Orleans silo runs inside the gateway (localhost clustering and in-memory state,
    /// unless <c>Cluster:Redis</c> is set). "client": an Orleans client of the cluster's silos (<c>Cluster:Redis</c> required).
    /// </summary>
    public string Mode { get; set; } = EmbeddedMode;

    /// <summary>
    /// The secret that signs resume tokens (at least 32 characters). Default: none, and then a random one per
    /// process, so tokens do not survive a restart; set it for any real deployment, the same on every gateway.
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>How long a resume token stays valid. Default 30 days.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The largest message a client may send; larger ones close the connection with 1009. Default 4096 bytes.</summary>
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>Commands a second a client may send, sustained. Default 20.</summary>
    public double CommandsPerSecond { get; set; } = 20;

    /// <summary>Commands a client may send at once above the sustained rate. Default 40.</summary>
    public int CommandBurst { get; set; } = 40;

    /// <summary>Rate-limited commands within <see cref="FloodWindow"/> after which the connection is closed with 1008. Default 100.</summary>
    public int FloodLimit { get; set; } = 100;

    /// <summary>The window over which <see cref="FloodLimit"/> counts. Default 10 s.</summary>
    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting to be sent to one client; when it overflows the client is closed with 1008. Default 256.</summary>
    public int SendQueueCapacity { get; set; } = 256;

    /// <summary>Bytes waiting to be sent to one client; when a message would pass it the client is closed with 1008. Default 128 KiB.</summary>
    public int SendQueueBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// The kernel's send buffer for each client's TCP socket (SO_SNDBUF; Linux reserves twice this), so that a client that
    /// does not read is found out after a few hundred KB rather than after the megabytes the system's automatic sizing
    /// would buffer. 0 leaves the system's sizing. Default 32 KiB, enough for hundreds of messages in flight.
    /// </summary>
    public int SocketSendBufferBytes { get; set; } = 32 * 1024;

    /// <summary>How often the server pings each client. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A client that has not answered a ping within this time is closed. Default 30 s.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a closing connection may take to finish the close handshake before it is aborted. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long shutdown waits for connections to close after telling them 1001. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the gateway renews its lease on each game its connections follow (must be well under
    /// <c>Game:SubscriptionExpiry</c>, 6 s). One call per followed game per period, whatever the number of followers. Default 2 s.
    /// </summary>
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the gateway renews its registration with each player connected to it (well under <c>Game:PlayerSubscriptionExpiry</c>, 5 min). Default 60 s.</summary>
    public TimeSpan PlayerRefresh { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest the gateway waits for the grains on one command before answering <c>unavailable</c>; a call in flight
    /// through a silo that died would otherwise wait for Orleans' response timeout. Default 10 s.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one attempt of a call that is safe to repeat (a read, a move with its ply) may take before it is tried
    /// again, within <see cref="CallTimeout"/>. Default 1 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Origins allowed to open WebSockets, comma-separated, or "*" for any. Default "*": tokens travel inside
    /// messages, never in cookies, so a foreign page gains nothing a direct client would not have.
    /// </summary>
    public string AllowedOrigins { get; set; } = "*";

    /// <summary>
    /// How long a player's connection goes on following a game after it was sent the game's end, to hear of a rematch
    /// offer and of the players' chat; it leaves sooner when it follows another game of its player's (the rematch, a new
    /// game). 0 leaves at once. Default 5 min, as long
    /// as a rematch offer lives by default (<c>Game:RematchOfferLapse</c>).
    /// </summary>
    public TimeSpan FinishedGameLinger { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the settings; the message names the setting, its value and the rule.</summary>
    public void Validate()
    {
        if (TokenSecret is { Length: > 0 and < 32 })
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(TokenSecret)} has {TokenSecret.Length} characters; it needs at least 32.");
        }

        Require(MaxMessageBytes >= 256, nameof(MaxMessageBytes), MaxMessageBytes, "at least 256");
        Require(CommandsPerSecond > 0, nameof(CommandsPerSecond), CommandsPerSecond, "greater than zero");
        Require(CommandBurst >= 1, nameof(CommandBurst), CommandBurst, "at least 1");
        Require(FloodLimit >= 1, nameof(FloodLimit), FloodLimit, "at least 1");
        Require(SendQueueCapacity >= 1, nameof(SendQueueCapacity), SendQueueCapacity, "at least 1");
        Require(SendQueueBytes >= 1, nameof(SendQueueBytes), SendQueueBytes, "at least 1");
        Require(SocketSendBufferBytes >= 0, nameof(SocketSendBufferBytes), SocketSendBufferBytes, "0 (the system's sizing) or more");
        Require(TokenLifetime > TimeSpan.Zero, nameof(TokenLifetime), TokenLifetime, "greater than zero");
        Require(KeepAliveInterval > TimeSpan.Zero, nameof(KeepAliveInterval), KeepAliveInterval, "greater than zero");
        Require(KeepAliveTimeout > TimeSpan.Zero, nameof(KeepAliveTimeout), KeepAliveTimeout, "greater than zero");
        Require(CloseTimeout > TimeSpan.Zero, nameof(CloseTimeout), CloseTimeout, "greater than zero");
        Require(SubscriptionRefresh > TimeSpan.Zero, nameof(SubscriptionRefresh), SubscriptionRefresh, "greater than zero");
        Require(PlayerRefresh > TimeSpan.Zero, nameof(PlayerRefresh), PlayerRefresh, "greater than zero");
        Require(CallTimeout > TimeSpan.Zero, nameof(CallTimeout), CallTimeout, "greater than zero");
        Require(AttemptTimeout > TimeSpan.Zero, nameof(AttemptTimeout), AttemptTimeout, "greater than zero");
        Require(FinishedGameLinger >= TimeSpan.Zero, nameof(FinishedGameLinger), FinishedGameLinger, "zero or more");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{SectionName}:{name} is {value}; it must be {rule}.");
        }
    }
}
