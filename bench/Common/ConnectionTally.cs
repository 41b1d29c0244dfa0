using System.Collections.Concurrent;

namespace Connect4.Bench.Common;

/// <summary>
/// Many connections set up at once (hold's sockets, broadcast's spectators and their re-watches): at most a given number
/// at a time, each within a deadline, with the ones that made it and the failures by reason counted.
/// </summary>
internal sealed class ConnectionTally
{
    private int _succeeded;
    private int _failed;

    public int Succeeded => Volatile.Read(ref _succeeded);

    public int Failed => Volatile.Read(ref _failed);

    public ConcurrentDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="attempt"/> for 0 .. <paramref name="count"/> - 1, at most <paramref name="concurrency"/> at
    /// once, each within <paramref name="timeout"/>: it returns null when it succeeded, else why not (<c>timeout</c> when
    /// its deadline fires first). A failed one is then undone by <paramref name="undo"/>.
    /// </summary>
    public Task RunAsync(int count, int concurrency, TimeSpan timeout, Func<int, CancellationToken, Task<string?>> attempt,
        Func<int, Task> undo, CancellationToken cancel) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel },
            async (i, ct) =>
            {
                string? failure;
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    deadline.CancelAfter(timeout);
                    try
                    {
                        failure = await attempt(i, deadline.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        failure = "timeout";
                    }
                }

                if (failure is null)
                {
                    Interlocked.Increment(ref _succeeded);
                    return;
                }

                await undo(i);
                Failures.AddOrUpdate(failure, 1, static (_, n) => n + 1);
                Interlocked.Increment(ref _failed);
            });

    /// <summary>The five commonest failures, a line each on stderr.</summary>
    public void PrintCommonestFailures(string command)
    {
        foreach (var (reason, n) in Failures.OrderByDescending(f => f.Value).Take(5))
        {
            Console.Error.WriteLine($"{command}:   {n} x {reason}");
        }
    }
}
