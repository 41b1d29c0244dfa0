using System.Collections.Immutable;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// A game's chat as the game stores it: the last <see cref="KeptPerRoom"/> lines of each room, the number of the last
/// line, and each recent speaker's budget. Stored with the game, so it survives a silo's death.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("connect4.ChatLog")]
public sealed record ChatLog
{
    public const int KeptPerRoom = 200;

    [Id(0)]
    public ImmutableList<ChatLine> Players { get; init; } = [];

    [Id(1)]
    public ImmutableList<ChatLine> Spectators { get; init; } = [];

    /// <summary>The <see cref="ChatLine.Seq"/> of the last line said, in either room.</summary>
    [Id(2)]
    public long LastSeq { get; init; }

    /// <summary>
    /// Per speaker who spoke lately, the time its budget is spent up to (a generic cell rate algorithm: one time per
    /// speaker stands for a whole token bucket). Speakers whose time has passed have their whole burst and are dropped.
    /// </summary>
    [Id(3)]
    public ImmutableDictionary<string, DateTimeOffset> Budgets { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    public ImmutableList<ChatLine> Room(ChatRoom room) => room == ChatRoom.Players ? Players : Spectators;

    /// <summary>The log with <paramref name="line"/> (numbered <see cref="LastSeq"/> + 1) at the end of its room, which keeps its last <see cref="KeptPerRoom"/>.</summary>
    public ChatLog Add(ChatLine line)
    {
        var room = Room(line.Room).Add(line);
        room = room.Count > KeptPerRoom ? room.RemoveRange(0, room.Count - KeptPerRoom) : room;
        var added = line.Room == ChatRoom.Players ? this with { Players = room } : this with { Spectators = room };
        return added with { LastSeq = line.Seq };
    }

    /// <summary>The log with one line of <paramref name="speakerId"/>'s budget spent, or null when the budget is spent.</summary>
    public ChatLog? Spend(string speakerId, ChatBudget budget, DateTimeOffset now)
    {
        var spentUpTo = Budgets.TryGetValue(speakerId, out var until) && until > now ? until : now;
        if (spentUpTo - now > budget.Tolerance)
        {
            return null;
        }

        var budgets = Budgets.RemoveRange(Budgets.Where(b => b.Value <= now).Select(b => b.Key)).SetItem(speakerId, spentUpTo + budget.Interval);
        return this with { Budgets = budgets };
    }
}

/// <summary>How much a speaker may say: <paramref name="PerSecond"/> lines a second sustained, <paramref name="Burst"/> at once.</summary>
public sealed record ChatBudget(double PerSecond, int Burst)
{
    public TimeSpan Interval => TimeSpan.FromSeconds(1 / PerSecond);

    /// <summary>How far ahead of now a budget may be spent and still allow one more line.</summary>
    public TimeSpan Tolerance => Interval * (Burst - 1);
}
