namespace Connect4.GrainInterfaces;

/// <summary>A Glicko-2 rating as it crosses grain calls and is stored: rating points, deviation, and Glicko-2's own volatility.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RatingValue")]
public sealed record RatingValue([property: Id(0)] double Value, [property: Id(1)] double Deviation, [property: Id(2)] double Volatility)
{
    /// <summary>A player with no rated game yet: 1500, deviation 350, volatility 0.06 (Glickman's step 1).</summary>
    public static RatingValue New { get; } = new(1500, 350, 0.06);

    /// <summary>The contract's provisional bound (PROTOCOL.md section 13): a deviation above it is provisional.</summary>
    public bool Provisional => Deviation > 110;

    /// <summary>The rating as players see it: a whole number, halves away from zero.</summary>
    public int Rounded => (int)Math.Round(Value, MidpointRounding.AwayFromZero);
}

/// <summary>One player's rating before and after one rated game.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.RatingStep")]
public sealed record RatingStep([property: Id(0)] RatingValue Before, [property: Id(1)] RatingValue After);

/// <summary>What one rated game did to both players' ratings: stored by the game, told in its <c>over</c> event, applied once by each player.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.GameRatings")]
public sealed record GameRatings([property: Id(0)] RatingStep Red, [property: Id(1)] RatingStep Yellow)
{
    public RatingStep Of(Color color) => color == Color.Red ? Red : Yellow;
}

/// <summary>A player's rating and the number of rated games it has played.</summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.PlayerRating")]
public sealed record PlayerRating([property: Id(0)] RatingValue Rating, [property: Id(1)] int RatedGames);
