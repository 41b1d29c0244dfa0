using Connect4.Gateway.Native;
using Connect4.GrainInterfaces;

namespace Connect4.Gateway.Tutorial;

/// <summary>The only four messages a tutorial connection is ever sent (PROTOCOL.md section 8): init, play, win and error.</summary>
internal static class TutorialMessages
{
    public static byte[] Init(CreatedGame created) => NativeMessages.Write(w =>
    {
        w.WriteString("type", "init");
        w.WriteString("join", created.JoinKey);
        w.WriteString("watch", created.WatchKey);
    });

    public static byte[] Play(Color player, int column, int row) => NativeMessages.Write(w =>
    {
        w.WriteString("type", "play");
        w.WriteString("player", NativeMessages.Name(player));
        w.WriteNumber("column", column);
        w.WriteNumber("row", row);
    });

    public static byte[] Error(string text) => NativeMessages.Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("message", text);
    });

    /// <summary>An event as this dialect tells it: a move as <c>play</c>, an end as <c>win</c> (or the draw's error); null for the rest.</summary>
    public static byte[]? Event(GameEvent gameEvent) => gameEvent switch
    {
        MoveMade m => Play(m.Player, m.Column, m.Row),
        GameEnded { Result: GameResult.Draw } => Error(TutorialTexts.Draw),
        GameEnded { Result: var result } => NativeMessages.Write(w =>
        {
            w.WriteString("type", "win");
            w.WriteString("player", result == GameResult.RedWins ? "red" : "yellow");
        }),
        _ => null,
    };

    /// <summary>This dialect has no snapshot: a game is shown by replaying its moves as <c>play</c> events, then its end.</summary>
    public static IEnumerable<byte[]> Replay(GameView view)
    {
        var heights = new int[7];
        for (var i = 0; i < view.Moves.Count; i++)
        {
            var column = view.Moves[i];
            yield return Play(i % 2 == 0 ? Color.Red : Color.Yellow, column, heights[column]++);
        }

        if (view.Result is { } result && Event(new GameEnded(view.GameId, view.Ply, result, view.Reason!.Value, view.Line)) is { } end)
        {
            yield return end;
        }
    }
}
