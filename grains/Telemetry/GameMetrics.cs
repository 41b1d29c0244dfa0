using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Connect4.GrainInterfaces;

namespace Connect4.Grains.Telemetry;

/// <summary>
/// The game's own figures on the silo that hosts its grains (meter <see cref="MeterName"/>): games started and finished,
/// moves, the bot's answer time and the quick-play pools. Exported with Orleans' and .NET's meters at <c>/metrics</c>
/// (README, "Metrics"); each instrument's name there is its name here with dots as underscores and a unit suffix.
/// </summary>
public sealed class GameMetrics
{
    public const string MeterName = "Connect4.Games";

    /// <summary>Seconds: from a few milliseconds (a cached bot move) to a minute (a seek waiting for a far rating).</summary>
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _moves;
    private readonly Histogram<double> _botAnswer;
    private readonly Histogram<double> _seekWait;

    /// <summary>Seeks waiting, per pool this silo hosts, as each pool's grain last reported.</summary>
    private readonly ConcurrentDictionary<string, int> _seeksWaiting = new(StringComparer.Ordinal);

    public GameMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _started = meter.CreateCounter<long>("connect4.games.started", "{game}", "Games whose second seat was taken (bot games at creation).");
        _finished = meter.CreateCounter<long>("connect4.games.finished", "{game}", "Games that ended, by reason: four, full, resign, timeout, abandoned.");
        _moves = meter.CreateCounter<long>("connect4.moves", "{move}", "Moves played, the bot's included.");
        _botAnswer = meter.CreateHistogram("connect4.bot.answer.duration", "s", "Time the bot took to choose a move, by level.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _seekWait = meter.CreateHistogram("connect4.matchmaking.wait.duration", "s", "Time from a seek to its pairing, by pool.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        meter.CreateObservableGauge("connect4.matchmaking.seeks", ObserveSeeks, "{seek}", "Seeks waiting to be paired, by pool.");
    }

    public void GameStarted(bool againstBot, bool rated) =>
        _started.Add(1, new KeyValuePair<string, object?>("opponent", againstBot ? "bot" : "human"), new KeyValuePair<string, object?>("rated", rated));

    public void GameFinished(EndReason reason) => _finished.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(reason)));

    public void MovesMade(int count) => _moves.Add(count);

    public void BotAnswered(int level, TimeSpan took) => _botAnswer.Record(took.TotalSeconds, new KeyValuePair<string, object?>("level", level));

    public void SeekPaired(string pool, TimeSpan waited) => _seekWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("pool", pool));

    /// <summary>A pool's grain reports how many seeks wait in it now (after each change).</summary>
    public void SeeksWaiting(string pool, int count) => _seeksWaiting[pool] = count;

    /// <summary>A pool's grain has gone from this silo: its seeks went with it.</summary>
    public void PoolClosed(string pool) => _seeksWaiting.TryRemove(pool, out _);

    private IEnumerable<Measurement<int>> ObserveSeeks() =>
        _seeksWaiting.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("pool", p.Key)));

    private static string ReasonTag(EndReason reason) => reason switch
    {
        EndReason.Four => "four",
        EndReason.Full => "full",
        EndReason.Resign => "resign",
        EndReason.Timeout => "timeout",
        EndReason.Abandoned => "abandoned",
        _ => "other",
    };
}
