using System.Diagnostics;
using System.Text;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// The two players of a broadcast run, on the native protocol through one gateway: red creates each game, yellow
/// joins it, and they move alternately, each move sent with its <c>ply</c> and waited for (its <c>played</c> reply)
/// before the next. Moves are random among those that neither complete a four nor fill the board, while one exists.
/// </summary>
internal sealed class Players(Uri uri, MoveLog log, Random random, TimeSpan timeout) : SeatClient([uri, uri], random, timeout)
{
    private long _firstSend;

    /// <summary>The game being played.</summary>
    public BroadcastGame? Game { get; private set; }

    /// <summary>The current game ended (a four or a full board).</summary>
    public bool GameOver => Board.IsOver;

    /// <summary>From each move's first send to its <c>played</c> reply, in milliseconds.</summary>
    public List<double> PlayedMs { get; } = [];

    /// <summary>Error replies to the players' commands, by code.</summary>
    public SortedDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    public async Task OpenAsync(CancellationToken cancel) => ThrowIfError(await OpenAndHelloAsync("broadcast", cancel), "hello");

    /// <summary>Creates a game (red) and joins it (yellow); its moves are numbered from <paramref name="firstMove"/>.</summary>
    public async Task<BroadcastGame> NewGameAsync(int firstMove, CancellationToken cancel)
    {
        var created = await CreateAndJoinAsync(cancel);
        ThrowIfError(created, created.Seat == Red ? "create" : "join");
        Game = log.AddGame(created.GameId!, Encoding.UTF8.GetString(created.WatchKey!), firstMove);
        return Game;
    }

    /// <summary>
    /// Plays the next move of the game, the run's move <see cref="BroadcastGame.First"/> + ply, and waits for its
    /// <c>played</c> reply; resends it every 100 ms (at most 100 times) while the answer is <c>unavailable</c> or
    /// <c>rate-limited</c>. Throws on any other error, or when nothing answers within the timeout.
    /// </summary>
    public async Task PlayAsync(CancellationToken cancel)
    {
        var game = Game!;
        var ply = Board.Ply;
        var answer = await MoveAsync(Board.RandomNotEnding(Random), untilOpponentSees: false, maxResends: 100, cancel);
        ThrowIfError(answer, $"play (move {ply + 1} of game {Encoding.UTF8.GetString(game.Id)})");
        PlayedMs.Add(LatencySummary.Ms(Stopwatch.GetTimestamp() - _firstSend));
        game.MovePlayed();
    }

    protected override void OnFirstSend(int ply, long timestamp)
    {
        _firstSend = timestamp;
        log.Sent(Game!.First + ply, timestamp);
    }

    protected override void OnError(string code) => Errors[code] = Errors.GetValueOrDefault(code) + 1;
}
