using System.Diagnostics;
using System.Text.Json;

namespace Connect4.Bench.Failover;

/// <summary>A silo of the cluster: its line of <c>cluster.sh status</c>, and its Orleans node id from <c>/readyz</c>.</summary>
internal sealed record Silo(NodeLine Line, string NodeId);

/// <summary>What failover asks of the silos: their readiness and view, the games each hosts, and the moment one dies.</summary>
internal static class SiloProbes
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Waits (at most 90 s) until <paramref name="count"/> silos run, each ready with a view of all of them.</summary>
    public static async Task<List<Silo>> WaitForSilosAsync(ClusterScript cluster, int count, CancellationToken cancel)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var lines = (await cluster.StatusAsync()).Where(n => n.Name.StartsWith("silo-", StringComparison.Ordinal)).ToList();
            var silos = new List<Silo>();
            foreach (var line in lines.Where(l => l.Running))
            {
                try
                {
                    using var doc = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{line.Port}/readyz", cancel));
                    var root = doc.RootElement;
                    if (root.GetProperty("ready").GetBoolean() && root.GetProperty("silos").GetInt32() == count)
                    {
                        silos.Add(new Silo(line, root.GetProperty("nodeId").GetString()!));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                }
            }

            if (silos.Count == count)
            {
                return silos;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"only {silos.Count} of {count} silos are ready with a full view after 90 s");
            }

            await Task.Delay(250, cancel);
        }
    }

    /// <summary>Each silo's <c>GET /games</c> on its HTTP port, by node name: the games active on it.</summary>
    public static async Task<Dictionary<string, List<string>>> GamesBySiloAsync(List<Silo> silos, CancellationToken cancel)
    {
        var hosts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var silo in silos)
        {
            var uri = $"http://127.0.0.1:{silo.Line.Port}/games";
            try
            {
                using var doc = JsonDocument.Parse(await Http.GetStringAsync(uri, cancel));
                hosts[silo.Line.Name] = doc.RootElement.GetProperty("games").EnumerateArray().Select(g => g.GetString() ?? "").ToList();
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (e is TaskCanceledException && !cancel.IsCancellationRequested))
            {
                throw new InvalidOperationException($"GET {uri} ({silo.Line.Name}) failed: {e.Message}", e);
            }
        }

        return hosts;
    }

    /// <summary>The Stopwatch timestamp at which the process ends (its /proc entry goes or turns zombie), polled every ~1 ms.</summary>
    public static Task<long> WatchDeath(int pid, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            var stat = $"/proc/{pid}/stat";
            while (clock.Elapsed < timeout)
            {
                string? text;
                try
                {
                    text = File.ReadAllText(stat);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    text = null;
                }

                var state = text is null ? 'X' : text[(text.LastIndexOf(')') + 2)..].FirstOrDefault('X');
                if (state is 'X' or 'Z')
                {
                    done.TrySetResult(Stopwatch.GetTimestamp());
                    return;
                }

                Thread.Sleep(1);
            }

            done.TrySetException(new TimeoutException($"process {pid} still alive after {timeout.TotalSeconds} s"));
        })
        {
            IsBackground = true,
            Name = "death watch",
        };
        thread.Start();
        return done.Task;
    }
}
