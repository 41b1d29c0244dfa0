namespace Connect4.Grains.Ratings;

/// <summary>
/// A player's Glicko-2 rating on the public scale (PROTOCOL.md section 13): <see cref="Value"/> and
/// <see cref="Deviation"/> in rating points, <see cref="Volatility"/> on Glicko-2's own scale (it is never converted).
/// Immutable: <see cref="Glicko2"/> returns a new one for each rating period.
/// </summary>
public sealed record Rating(double Value, double Deviation, double Volatility)
{
    /// <summary>
    /// The deviation above which a rating is provisional: the contract's 110. A 95% interval is then wider than
    /// about ±220 points, too wide to rank a player (the leaderboard leaves provisional players out).
    /// </summary>
    public const double ProvisionalAbove = 110;

    /// <summary>A player with no rated game yet: 1500, deviation 350, volatility 0.06, as in Glickman's step 1.</summary>
    public static Rating New { get; } = new(1500, 350, 0.06);

    /// <summary>Whether the deviation is above <see cref="ProvisionalAbove"/> (exactly 110 is not provisional).</summary>
    public bool Provisional => Deviation > ProvisionalAbove;

    /// <summary>The rating as players see it: a whole number, halves rounded away from zero (1511.5 shows as 1512).</summary>
    public int Rounded => (int)Math.Round(Value, MidpointRounding.AwayFromZero);
}
