using Connect4.GrainInterfaces;

namespace Connect4.Grains.Players;

/// <summary>What a player stores.</summary>
[GenerateSerializer]
[Alias("connect4.PlayerState")]
public sealed class PlayerState
{
    [Id(0)]
    public string Name { get; set; } = "";
    [Id(1)]
    public List<string> Games { get; set; } = [];
    [Id(2)]
    public int Wins { get; set; }
    [Id(3)]
    public int Losses { get; set; }
    [Id(4)]
    public int Draws { get; set; }
    [Id(5)]
    public DateTimeOffset CreatedAt { get; set; }

    // Ratings (PROTOCOL.md section 13) take ids from 20.

    /// <summary>The Glicko-2 rating; null until the first rated game (a new player's rating is then 1500, 350, 0.06).</summary>
    [Id(20)]
    public RatingValue? Rating { get; set; }

    [Id(21)]
    public int RatedGames { get; set; }

    /// <summary>
    /// The ids of the last <see cref="RatingLedger.AppliedKept"/> rated games applied to <see cref="Rating"/>, oldest
    /// first: a game retries telling its players until both answer, and a retry of an applied game changes nothing.
    /// </summary>
    [Id(22)]
    public List<string> AppliedRatedGames { get; set; } = [];

    /// <summary>
    /// Finished games as states stored them before the history moved to pages of its own (<see cref="PlayerHistory"/>):
    /// moved to pages, and emptied, when the player activates. Empty in every state written since.
    /// </summary>
    [Id(23)]
    public List<HistoryEntry> History { get; set; } = [];

    /// <summary>The sequence number of the last history entry added, the newest a reply may show.</summary>
    [Id(24)]
    public long HistorySeq { get; set; }

    /// <summary>The ids of the last <see cref="PlayerHistory.Remembered"/> games in the history, oldest first: each is added once.</summary>
    [Id(25)]
    public List<string> HistoryGames { get; set; } = [];
}
