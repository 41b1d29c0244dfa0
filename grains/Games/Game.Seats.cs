using Connect4.GrainInterfaces;

namespace Connect4.Grains.Games;

/// <summary>The commands that fill the seats: creating a game and joining it.</summary>
public sealed partial class Game
{
    /// <summary>
    /// Creates the game with <paramref name="creator"/> seated in the colour asked for (or <paramref name="random"/>'s),
    /// and the bot in the other seat when it is the opponent: such a game starts at once. Refused with not-found when
    /// the game exists (its id is taken), and with bad-request for a bot level other than 1 to 5 or a clock out of range.
    /// A timed game against the bot starts its clock at once.
    /// </summary>
    public Decision Create(PlayerInfo creator, CreateGameOptions options, NewGameRandom random, DateTimeOffset now)
    {
        if (Exists)
        {
            return Refuse(new GameRuleException(RuleCodes.NotFound, $"Game {Id} exists already; nothing was created.", Id, creator.PlayerId));
        }

        var level = options.Level ?? 5;
        if (options.Opponent == OpponentKind.Bot && level is < 1 or > 5)
        {
            return Refuse(new GameRuleException(RuleCodes.BadRequest, "level must be 1 to 5.", Id, creator.PlayerId));
        }

        // Bot games are never rated (PROTOCOL.md section 13): asking for one is refused rather than quietly ignored.
        if (options.Opponent == OpponentKind.Bot && options.Rated)
        {
            return Refuse(new GameRuleException(RuleCodes.BadRequest, "A game against the bot cannot be rated.", Id, creator.PlayerId));
        }

        if (options.Clock is { IsValid: false })
        {
            return Refuse(new GameRuleException(RuleCodes.BadRequest, ClockSettings.Rule, Id, creator.PlayerId));
        }

        var bot = options.Opponent == OpponentKind.Bot ? GameState.BotInfo(level) : null;
        var color = options.Color switch
        {
            ColorChoice.Red => Color.Red,
            ColorChoice.Yellow => Color.Yellow,
            _ => random.Color,
        };
        var state = new GameState
        {
            Created = true,
            JoinKey = random.JoinKey,
            WatchKey = random.WatchKey,
            Red = color == Color.Red ? creator : bot,
            Yellow = color == Color.Yellow ? creator : bot,
            Status = bot is null ? GameStatus.Waiting : GameStatus.Playing,
            Opponent = options.Opponent,
            BotLevel = bot is null ? null : level,
            CreatedAt = now,
            Options = options,
            Clock = options.Clock,
            RedMs = (options.Clock?.Initial ?? 0) * 1000L,
            YellowMs = (options.Clock?.Initial ?? 0) * 1000L,
        };
        if (bot is not null)
        {
            state = StartClock(state, now);
        }

        // Nobody follows a game before it exists: there is no one to tell.
        return Accept(state, Board, now);
    }

    /// <summary>
    /// Seats <paramref name="player"/> in the free seat with the game's join key, which starts the game (and its clock,
    /// in a timed game). Refused with
    /// not-found for a wrong key (a key is the only way in), own-game for a player of the game, and game-full.
    /// </summary>
    public Decision Join(string joinKey, PlayerInfo player, DateTimeOffset now)
    {
        if (!Exists || !SameKey(joinKey, State.JoinKey))
        {
            return Refuse(NotFound(player.PlayerId));
        }

        if (State.SeatOf(player.PlayerId) is not null)
        {
            return Refuse(new GameRuleException(RuleCodes.OwnGame, "You are already a player of this game.", Id, player.PlayerId));
        }

        if (Status != GameStatus.Waiting)
        {
            return Refuse(new GameRuleException(RuleCodes.GameFull, "This game already has two players.", Id, player.PlayerId));
        }

        var color = State.Red is null ? Color.Red : Color.Yellow;
        var seated = color == Color.Red ? State with { Red = player } : State with { Yellow = player };
        return Accept(StartClock(seated with { Status = GameStatus.Playing }, now), Board, now, new SeatTaken(Id, color, player));
    }
}
