using Connect4.Gateway.Sessions;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Tutorial;

/// <summary>
/// Every text the tutorial dialect's <c>error</c> carries: those of PROTOCOL.md section 8, then the ones this server
/// adds, each listed in docs/PROTOCOL.md under "This server's choices" (a test checks that list against this one).
/// </summary>
internal static class TutorialTexts
{
    public const string NotYourTurn = "It isn't your turn.";
    public const string SlotFull = "This slot is full.";
    public const string GameNotFound = "Game not found.";
    public const string GameOver = "The game is over.";
    public const string GameFull = "This game already has two players.";
    public const string Draw = "The game is a draw.";

    public const string NotStarted = "Wait for the other player to join.";
    public const string Watching = "You are watching this game.";
    public const string NoSuchColumn = "This column does not exist.";
    public const string AlreadyInGame = "This connection is already in a game.";
    public const string Invalid = "Invalid message.";
    public const string Unsupported = "Unsupported message.";
    public const string TooMany = "Too many messages.";
    public const string Unavailable = "The server could not answer in time; try again.";
    public const string Internal = "Something went wrong on the server; nothing was done.";

    /// <summary>The text for an error code of the native protocol.</summary>
    public static string ForCode(string code) => code switch
    {
        RuleCodes.NotYourTurn => NotYourTurn,
        RuleCodes.ColumnFull => SlotFull,
        RuleCodes.NotFound => GameNotFound,
        RuleCodes.GameOver => GameOver,
        RuleCodes.GameFull or RuleCodes.OwnGame => GameFull,
        RuleCodes.NotStarted => NotStarted,
        RuleCodes.NotAPlayer => Watching,
        RuleCodes.BadColumn => NoSuchColumn,
        ErrorCodes.Unavailable => Unavailable,
        ErrorCodes.BadRequest or ErrorCodes.BadJson => Invalid,
        _ => Internal,
    };
}

/// <summary>
/// A tutorial message refused with one of <see cref="TutorialTexts"/>, which is what the client sees; <paramref name="code"/>
/// is the native protocol's nearest, for the logs.
/// </summary>
internal sealed class TutorialRefusal(string code, string text) : ProtocolException(code, text);
