namespace Connect4.Bench.Seek;

/// <summary>
/// What every player of the run saw, shared by all: each seek-to-paired latency, and the checks of the pairing rule (a
/// player paired while its game runs, a game whose two seats are one player), with the errors answered.
/// </summary>
internal sealed class SeekTally
{
    private readonly Lock _lock = new();
    private readonly List<double> _latencies = [];
    private readonly List<double> _afterPartner = [];
    private readonly Dictionary<string, string> _playing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Player, string Color, long Sent, long Arrived)> _firstSeat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);

    public int Pairings { get; private set; }

    public int PairedTwice { get; private set; }

    public int PairedWithSelf { get; private set; }

    public IReadOnlyDictionary<string, int> Errors => _errors;

    /// <summary>Each player's wait from its <c>seek</c> to its <c>paired</c>, in milliseconds.</summary>
    public List<double> Latencies
    {
        get
        {
            lock (_lock)
            {
                return [.. _latencies];
            }
        }
    }

    /// <summary>Each player's wait from the later of the pair's two seeks (a compatible seeker then exists) to its <c>paired</c>.</summary>
    public List<double> AfterPartner
    {
        get
        {
            lock (_lock)
            {
                return [.. _afterPartner];
            }
        }
    }

    /// <param name="sent">When the player's seek went (<see cref="System.Diagnostics.Stopwatch"/> ticks).</param>
    /// <param name="arrived">When its <c>paired</c> came.</param>
    public void Paired(string playerId, string gameId, string color, long sent, long arrived)
    {
        lock (_lock)
        {
            _latencies.Add(Common.LatencySummary.Ms(arrived - sent));
            if (!_playing.TryAdd(playerId, gameId))
            {
                PairedTwice++;
            }

            if (!_firstSeat.TryAdd(gameId, (playerId, color, sent, arrived)))
            {
                Pairings++;
                var first = _firstSeat[gameId];
                var partnerFrom = Math.Max(first.Sent, sent);
                _afterPartner.Add(Common.LatencySummary.Ms(first.Arrived - partnerFrom));
                _afterPartner.Add(Common.LatencySummary.Ms(arrived - partnerFrom));
                if (_firstSeat[gameId].Player == playerId || _firstSeat[gameId].Color == color)
                {
                    PairedWithSelf++;
                }

                _firstSeat.Remove(gameId);
            }
        }
    }

    public void Finished(string playerId, string gameId)
    {
        lock (_lock)
        {
            if (_playing.TryGetValue(playerId, out var current) && current == gameId)
            {
                _playing.Remove(playerId);
            }
        }
    }

    public void Error(string code)
    {
        lock (_lock)
        {
            _errors[code] = _errors.GetValueOrDefault(code) + 1;
        }
    }
}
