namespace Connect4.Grains;

/// <summary>Settings of the game grains (configuration section <c>Game</c>).</summary>
public sealed class GameOptions
{
    public const string SectionName = "Game";

    /// <summary>A connection's subscription to a game or player lapses unless renewed within this time. Default 5 min.</summary>
    public TimeSpan SubscriptionExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one connection's gateway may take to accept one event before it is dropped. Default 5 s.</summary>
    public TimeSpan NotifyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a game with subscribers checks that their gateways are still in the cluster, so a crashed
    /// gateway's players show as offline. Default 2 s.
    /// </summary>
    public TimeSpan PresenceCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks the settings; the message names the setting, its value and the rule.</summary>
    public void Validate()
    {
        if (SubscriptionExpiry <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(SubscriptionExpiry)} is {SubscriptionExpiry}; it must be greater than zero.");
        }

        if (PresenceCheckInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(PresenceCheckInterval)} is {PresenceCheckInterval}; it must be greater than zero.");
        }

        if (NotifyTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(NotifyTimeout)} is {NotifyTimeout}; it must be greater than zero.");
        }
    }
}
