namespace Connect4.Grains;

/// <summary>Settings of the game grains (configuration section <c>Game</c>).</summary>
public sealed class GameOptions
{
    public const string SectionName = "Game";

    /// <summary>The grain storage that games and players keep their state in (Redis in a cluster, memory when embedded).</summary>
    public const string StorageName = "connect4";

    /// <summary>
    /// A gateway's lease on a game it follows lapses unless renewed within this time; then its players show as
    /// offline. Gateways renew every <c>Gateway:SubscriptionRefresh</c> (2 s), so this bounds how long a dead
    /// gateway's players stay online. Default 6 s.
    /// </summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>A gateway's registration with a player (to hear of its new games) lapses unless renewed within this time. Default 5 min.</summary>
    public TimeSpan PlayerSubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a followed game checks for lapsed leases. Default 1 s.</summary>
    public TimeSpan PresenceCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A rematch offer that the opponent neither accepts nor declines lapses after this time. Default 5 min.</summary>
    public TimeSpan RematchOfferLapse { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Chat lines a player may say a second in one game, sustained (beyond it: rate-limited). Default 1.</summary>
    public double ChatLinesPerSecond { get; set; } = 1;

    /// <summary>Chat lines a player may say at once in one game, above the sustained rate. Default 5.</summary>
    public int ChatBurst { get; set; } = 5;

    /// <summary>
    /// In an untimed game between two people, how long a player must have had no connection following the game before
    /// the other may claim it (<c>claim</c>, reason abandoned). Default 60 s, as the protocol says.
    /// </summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The period of the reminder a timed game keeps while it is played. While the game is active a grain timer ends it
    /// at its deadline; the reminder (durable: Redis in a cluster) brings back a game whose silo died and that nobody
    /// calls, within one period of its deadline, and keeps an idle timed game from being collected. Orleans refuses a
    /// period below <c>Orleans:ReminderOptions:MinimumReminderPeriod</c> (1 min by default). Default 1 min.
    /// </summary>
    public TimeSpan ClockReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Checks the settings; the message names the setting, its value and the rule.</summary>
    public void Validate()
    {
        ValidateRematchAndChat();

        if (SubscriptionExpiry <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(SubscriptionExpiry)} is {SubscriptionExpiry}; it must be greater than zero.");
        }

        if (PresenceCheckInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(PresenceCheckInterval)} is {PresenceCheckInterval}; it must be greater than zero.");
        }

        if (AbandonAfter < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(AbandonAfter)} is {AbandonAfter}; it must not be negative.");
        }

        if (ClockReminderPeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ClockReminderPeriod)} is {ClockReminderPeriod}; it must be greater than zero.");
        }

        if (PlayerSubscriptionExpiry <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(PlayerSubscriptionExpiry)} is {PlayerSubscriptionExpiry}; it must be greater than zero.");
        }
    }

    private void ValidateRematchAndChat()
    {
        if (RematchOfferLapse <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(RematchOfferLapse)} is {RematchOfferLapse}; it must be greater than zero.");
        }

        if (!(ChatLinesPerSecond > 0) || double.IsInfinity(ChatLinesPerSecond))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ChatLinesPerSecond)} is {ChatLinesPerSecond}; it must be a number greater than zero.");
        }

        if (ChatBurst < 1)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ChatBurst)} is {ChatBurst}; it must be at least 1.");
        }
    }
}
