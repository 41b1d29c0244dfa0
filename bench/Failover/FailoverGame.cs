using System.Text;
using Connect4.Bench.Common;

namespace Connect4.Bench.Failover;

/// <summary>What became of one game's move after the kill.</summary>
internal sealed record MoveAfterDeath(string GameId, bool Answered, double MsFromDeath, int Unavailable, IReadOnlyDictionary<string, int> OtherErrors, string? Failure);

/// <summary>
/// One game of a failover trial, on the native protocol: two players through the balancer, a few moves played,
/// then one more move after the kill, resent with the same <c>ply</c> every 100 ms while the answer is
/// <c>unavailable</c>, until its <c>played</c> reply.
/// </summary>
internal sealed class FailoverGame(Uri uri, Random random, TimeSpan timeout) : SeatClient([uri, uri], random, timeout)
{
    private readonly Dictionary<string, int> _otherErrors = new(StringComparer.Ordinal);
    private int _unavailable;

    /// <summary>The game's id, once <see cref="SetupAsync"/> has created it.</summary>
    public string Id { get; private set; } = "";

    /// <summary>Says hello, creates and joins the game, and plays <paramref name="moves"/> moves; any error answered throws.</summary>
    public async Task SetupAsync(int moves, CancellationToken cancel)
    {
        ThrowIfError(await OpenAndHelloAsync("failover", cancel), "hello");
        var created = await CreateAndJoinAsync(cancel);
        ThrowIfError(created, created.Seat == Red ? "create" : "join");
        Id = Encoding.UTF8.GetString(GameId);
        for (var i = 0; i < moves && !Board.IsOver; i++)
        {
            ThrowIfError(await MoveAsync(Board.RandomLegal(Random), untilOpponentSees: false, maxResends: 0, cancel), $"play in game {Id}");
        }
    }

    /// <summary>
    /// Makes the next move once <paramref name="death"/> completes (the Stopwatch timestamp of the death), resending
    /// it after each <c>unavailable</c> (or <c>rate-limited</c>), and returns the time from the death to its <c>played</c>
    /// reply; a move not answered within the timeout fails.
    /// </summary>
    public async Task<MoveAfterDeath> MoveAfterDeathAsync(Task<long> death)
    {
        var deathAt = await death;
        using var cts = new CancellationTokenSource(Timeout);
        string failure;
        try
        {
            var answer = await MoveAsync(Board.RandomLegal(Random), untilOpponentSees: false, maxResends: int.MaxValue, cts.Token);
            if (answer.Kind == SeatEventKind.Played)
            {
                return new MoveAfterDeath(Id, true, LatencySummary.Ms(answer.Timestamp - deathAt), _unavailable, _otherErrors, null);
            }

            // Anything else will not get better by resending (stale would mean an acknowledged move was lost).
            failure = $"error {answer.Code}";
        }
        catch (Exception e) when (e is OperationCanceledException or SessionBrokenException)
        {
            failure = e is SessionBrokenException { Code: not "timeout" } broken
                ? $"socket {broken.Code}"
                : $"no played reply within {Timeout.TotalSeconds:0} s";
        }

        return new MoveAfterDeath(Id, false, 0, _unavailable, _otherErrors, failure);
    }

    protected override void OnError(string code)
    {
        if (code == "unavailable")
        {
            _unavailable++;
        }
        else
        {
            _otherErrors[code] = _otherErrors.GetValueOrDefault(code) + 1;
        }
    }
}
