using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>
/// What the rules made of one command: the game after it, and the events that tell its followers what happened, in
/// order; or the refusal, which its caller is answered with. A refused or ignored command changed nothing:
/// <see cref="Game"/> is then the game it was given. One exception: a command that came after the flag fell carries
/// both the end of the game by timeout (a change, to store and tell) and its refusal (game-over).
/// </summary>
public sealed record Decision(Game Game, bool Changed, IReadOnlyList<GameEvent> Events, GameRuleException? Refusal)
{
    /// <summary>The end of the game, when this command ended it.</summary>
    public GameEnded? Ended => Events.OfType<GameEnded>().FirstOrDefault();

    internal static Decision Accepted(Game game, IReadOnlyList<GameEvent> events) => new(game, true, events, null);

    internal static Decision Refused(Game unchanged, GameRuleException refusal) => new(unchanged, false, [], refusal);

    /// <summary>
    /// This change, and a refusal of the command that caused it: a command that came after the flag fell ends the game
    /// by timeout (stored and told like any change), and is then refused.
    /// </summary>
    internal Decision AndRefuse(GameRuleException refusal) => this with { Refusal = refusal };

    /// <summary>A command that came too late to mean anything (a bot's answer to a position the game left): no refusal, no change.</summary>
    internal static Decision Ignored(Game unchanged) => new(unchanged, false, [], null);
}
