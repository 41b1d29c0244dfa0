namespace Connect4.Bench.Seek;

/// <summary>
/// What every player of the run saw, shared by all: each seek-to-paired latency, and the checks of the pairing rule (a
/// player paired while its game runs, a game whose two seats are one player), with the errors answered.
/// </summary>
internal sealed class SeekTally
{
    private readonly Lock _lock = new();
    private readonly List<double> _latencies = [];
    private readonly Dictionary<string, string> _playing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Player, string Color)> _firstSeat = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);

    public int Pairings { get; private set; }

    public int PairedTwice { get; private set; }

    public int PairedWithSelf { get; private set; }

    public IReadOnlyDictionary<string, int> Errors => _errors;

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

    public void Paired(string playerId, string gameId, string color, double latencyMs)
    {
        lock (_lock)
        {
            _latencies.Add(latencyMs);
            if (!_playing.TryAdd(playerId, gameId))
            {
                PairedTwice++;
            }

            if (!_firstSeat.TryAdd(gameId, (playerId, color)))
            {
                Pairings++;
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
