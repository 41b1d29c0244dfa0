using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connect4.Bench.Common;

namespace Connect4.Bench.Broadcast;

/// <summary>
/// Runs <c>broadcast</c>: the players create a game; the spectators connect and watch it; once their count events have
/// died down the players move at the rate (a new game, watched by every spectator, when one ends); after a grace for
/// the last events, the report. Progress goes to stderr.
/// </summary>
internal sealed class BroadcastRun
{
    private readonly BroadcastOptions _o;
    private readonly Uri[] _uris;
    private readonly int _sources;
    private readonly TimeSpan _timeout;
    private readonly MoveLog _log;
    private readonly Players _players;
    private readonly Spectator?[] _spectators;
    private readonly ConnectionTally _connects = new();
    private readonly ConnectionTally _rewatches = new();
    private readonly ProgressLine _progress = new("broadcast");
    private Spectator[] _watching = [];
    private double _rewatchSettleSeconds;

    private BroadcastRun(BroadcastOptions o, Uri[] uris, int sources, int seed)
    {
        _o = o;
        _uris = uris;
        _sources = sources;
        _timeout = TimeSpan.FromSeconds(o.Timeout);
        // Moves are sent at most every 1/rate seconds during the play, so there are at most rate * seconds of them.
        _log = new MoveLog((int)Math.Ceiling(o.Rate * o.Seconds) + 1);
        _players = new Players(uris[0], _log, new Random(seed), _timeout);
        _spectators = new Spectator?[o.Spectators];
    }

    public static async Task<int> RunAsync(BroadcastOptions o, CancellationToken cancel)
    {
        var uris = o.Urls.Select(BroadcastCommand.NativeUri).ToArray();
        if (SourceAddresses.Plan(uris, o.Spectators, o.Spectators + 2, o.Sources, "--spectators", out var sources) is { } problem)
        {
            Console.Error.WriteLine($"broadcast: {problem}");
            return 2;
        }

        var seed = o.Seed ?? Random.Shared.Next();
        Console.Error.WriteLine($"broadcast: {o.Spectators} spectators over {string.Join(", ", uris.Select(u => u.ToString()))} " +
                                $"({SourceAddresses.Describe(sources)}; {o.Concurrency} connecting at once); players on {uris[0]}; " +
                                $"{o.Rate.ToString(CultureInfo.InvariantCulture)} moves/s for {o.Seconds.ToString(CultureInfo.InvariantCulture)} s; seed {seed}");
        return await new BroadcastRun(o, uris, sources, seed).ExecuteAsync(cancel);
    }

    private async Task<int> ExecuteAsync(CancellationToken cancel)
    {
        var invokers = SourceAddresses.Invokers(_sources, _o.Timeout);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var progress = _progress.RunAsync(progressStop.Token);
        BroadcastReport? report = null;
        string? fatal = null;
        try
        {
            await _players.OpenAsync(cancel);
            var game = await _players.NewGameAsync(0, cancel);
            Console.Error.WriteLine($"broadcast: game {Encoding.UTF8.GetString(game.Id)} created and joined; connecting the spectators");
            var connectSeconds = await ConnectSpectatorsAsync(game, invokers, cancel);
            if (_watching.Length == 0)
            {
                fatal = "no spectator is watching";
            }
            else
            {
                var settleSeconds = await SettleAsync(cancel);
                Console.Error.WriteLine($"broadcast: settled in {settleSeconds:0.0} s; play starts at {Clock()}");
                var playing = Stopwatch.StartNew();
                fatal = await PlayAsync(game, cancel);
                var playSeconds = playing.Elapsed.TotalSeconds;
                Console.Error.WriteLine($"broadcast: play ended at {Clock()}: {_log.SentCount} moves sent; grace of {_o.Grace.ToString(CultureInfo.InvariantCulture)} s");
                await GraceAsync(cancel);
                report = BroadcastReport.From(_o, _uris, _sources, _watching, _connects.Failures, connectSeconds, settleSeconds, _log, _players, playSeconds,
                    _rewatches.Succeeded, _rewatchSettleSeconds, _rewatches.Failures, fatal);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException or HttpRequestException)
        {
            fatal = e.Message;
            Console.Error.WriteLine($"broadcast: {e.Message}");
        }
        finally
        {
            await progressStop.CancelAsync();
            await progress;
            await CloseAsync();
            foreach (var invoker in invokers)
            {
                invoker.Dispose();
            }
        }

        if (report is null)
        {
            Console.Error.WriteLine($"broadcast: no report: {fatal}");
            return 1;
        }

        report.Print(Console.Out);
        return report.Complete ? 0 : 1;
    }

    /// <summary>Every spectator connects, says hello and watches <paramref name="game"/>, at most --concurrency at a time; the seconds it took.</summary>
    private async Task<double> ConnectSpectatorsAsync(BroadcastGame game, HttpMessageInvoker[] invokers, CancellationToken cancel)
    {
        var connecting = Stopwatch.StartNew();
        _progress.Line = () => $"spectators watching {_connects.Succeeded}/{_o.Spectators}, failed {_connects.Failed}";
        await _connects.RunAsync(_o.Spectators, _o.Concurrency, _timeout,
            async (i, deadline) =>
            {
                var spectator = _spectators[i] = new Spectator(i, i % _uris.Length, _log);
                return await spectator.OpenAsync(_uris[spectator.Server], invokers[i % invokers.Length], deadline)
                       ?? await spectator.WatchAsync(game, deadline);
            },
            async i =>
            {
                await _spectators[i]!.CloseAsync(TimeSpan.FromSeconds(1));
                _spectators[i] = null;
            },
            cancel);
        var seconds = connecting.Elapsed.TotalSeconds;
        _watching = _spectators.Where(s => s is not null).Select(s => s!).ToArray();
        Console.Error.WriteLine($"broadcast: {_watching.Length} spectators watching, {_connects.Failed} failed, in {seconds:0.0} s");
        _connects.PrintCommonestFailures("broadcast");
        return seconds;
    }

    /// <summary>
    /// Move k of the schedule is due at start + k / rate, and waits for the previous one's played reply; a game that
    /// ends is followed by a new one. Returns why the players stopped before the end, if they did.
    /// </summary>
    private async Task<string?> PlayAsync(BroadcastGame game, CancellationToken cancel)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(_o.Seconds * Stopwatch.Frequency);
        var scheduled = 0L;
        var move = 0;
        Func<string> playLine = () =>
        {
            var last = move - 1;
            return last < 0 ? "no move yet" : $"{move} moves in {_log.Games.Count} game(s); move {last + 1} seen by {_watching.Count(s => s.Seen.HasSeen(last))}/{_watching.Length} spectators";
        };
        _progress.Line = playLine;
        try
        {
            while (move < _log.Capacity)
            {
                var due = start + (long)(scheduled * Stopwatch.Frequency / _o.Rate);
                if (due >= end)
                {
                    break;
                }

                await Delay.Until(due, cancel);
                if (_players.GameOver)
                {
                    game = await NextGameAsync(game, move, cancel);
                    _progress.Line = playLine;
                    start = Stopwatch.GetTimestamp();
                    scheduled = 0;
                    continue;
                }

                await _players.PlayAsync(cancel);
                move++;
                scheduled++;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or System.Net.WebSockets.WebSocketException)
        {
            Console.Error.WriteLine($"broadcast: the players stopped: {e.Message}");
            return e.Message;
        }

        await Delay.Until(end, cancel); // the window is --seconds long, whenever its last move went
        return null;
    }

    /// <summary>A new game after <paramref name="ended"/>, and every spectator watches it before its first move (the time
    /// this takes is no sample).</summary>
    private async Task<BroadcastGame> NextGameAsync(BroadcastGame ended, int move, CancellationToken cancel)
    {
        var game = await _players.NewGameAsync(move, cancel);
        Console.Error.WriteLine($"broadcast: game {ended.Number + 1} over after {ended.Played} moves; " +
                                $"game {game.Number + 1} is {Encoding.UTF8.GetString(game.Id)}: every spectator watches it");
        await _rewatches.RunAsync(_watching.Length, _o.Concurrency, _timeout, (i, deadline) => _watching[i].WatchAsync(game, deadline), _ => Task.CompletedTask, cancel);
        var settled = await SettleAsync(cancel);
        Console.Error.WriteLine($"broadcast: {_rewatches.Succeeded} re-watches in all; settled in {settled:0.0} s");
        _rewatchSettleSeconds += settled;
        return game;
    }

    /// <summary>Until every spectator still connected has every move, or the grace is over.</summary>
    private async Task GraceAsync(CancellationToken cancel)
    {
        var graceEnd = Stopwatch.GetTimestamp() + (long)(_o.Grace * Stopwatch.Frequency);
        _progress.Line = () => $"grace: {_watching.Count(s => s.Lost is null && !s.Seen.HasEveryMove())} spectators still missing a move";
        while (Stopwatch.GetTimestamp() < graceEnd && _watching.Any(s => s.Lost is null && !s.Seen.HasEveryMove()))
        {
            await Task.Delay(50, cancel);
        }
    }

    /// <summary>
    /// Every watch makes the game tell every follower the new spectator count (about N²/2 messages for N spectators):
    /// waits until that traffic has died down (no count event for half a second, at most the timeout) so that moves are
    /// not measured behind it. Returns the seconds waited.
    /// </summary>
    private async Task<double> SettleAsync(CancellationToken cancel)
    {
        var settling = Stopwatch.StartNew();
        _progress.Line = () => $"settling: {settling.Elapsed.TotalSeconds:0} s, last spectators-count event {LatencySummary.Ms(Stopwatch.GetTimestamp() - _log.LastCountEvent):0} ms ago";
        while (LatencySummary.Ms(Stopwatch.GetTimestamp() - _log.LastCountEvent) < 500 && settling.Elapsed < _timeout)
        {
            await Task.Delay(50, cancel);
        }

        return settling.Elapsed.TotalSeconds;
    }

    private async Task CloseAsync()
    {
        Console.Error.WriteLine($"broadcast: closing the connections at {Clock()}");
        var closing = Stopwatch.StartNew();
        var open = _spectators.Where(s => s is not null).Select(s => s!).ToArray();
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = _o.Concurrency },
            async (s, _) => await s.CloseAsync(TimeSpan.FromSeconds(2)));
        await _players.CloseAsync();
        Console.Error.WriteLine($"broadcast: closed {open.Length} spectators and the players in {closing.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>The wall clock (UTC), to match these lines with a server's log.</summary>
    private static string Clock() => DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
