using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Connect4.Tests.Gateway;
using Connect4.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Connect4.Tests.Cluster;

/// <summary>Runs alone: it publishes and starts a dozen processes, and its failover timing should not compete with other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterScriptCollection
{
    public const string Name = "cluster-script";
}

/// <summary>
/// The real topology from <c>scripts/cluster.sh</c>: Redis, 3 Orleans silos, 2 gateways (Orleans clients) and nginx, as
/// processes. A game is played through the balancer while the silo hosting it is killed, then a gateway is killed; no
/// acknowledged move may be lost, and a new player's hello is answered within 5 s throughout.
/// </summary>
[Collection(ClusterScriptCollection.Name)]
public sealed class ClusterScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryDeadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_game_through_the_balancer_survives_the_death_of_the_silo_hosting_it()
    {
        var script = new ClusterScript(output);
        var failed = true;
        try
        {
            var url = await script.UpAsync();
            var wsUri = new Uri(url.Replace("http", "ws", StringComparison.Ordinal) + "/ws");
            await using var prober = HelloProber.Start(wsUri);
            await using var red = await TestClient.HelloAsync(wsUri, "red");
            await using var yellow = await TestClient.HelloAsync(wsUri, "yellow");
            var (gameId, _) = await GamePlayTests.StartGameAsync(red, yellow);

            // Red wins in column 3 at ply 7; the host dies after ply 4.
            int[] before = [3, 4, 3, 4];
            int[] after = [3, 4, 3];
            await GamePlayTests.PlayMovesAsync(gameId, red, yellow, before);
            await AssertMetricsAsync(script, moves: before.Length);

            // Orleans places the game where it likes; each silo's /games says which games are active on it now.
            var silos = await script.SilosAsync();
            var hosts = silos.Where(s => s.Games.Contains(gameId)).ToList();
            Assert.True(hosts.Count == 1,
                $"game {gameId} should be active on exactly one silo; /games: {string.Join("; ", silos.Select(s => $"{s.Node} [{string.Join(",", s.Games)}]"))}");
            var (victim, victimId, _) = hosts[0];
            output.WriteLine($"game {gameId} lives on {victim} ({victimId}); killing it");
            await script.RunAsync("kill", victim);
            var killedAt = Stopwatch.StartNew();

            for (var i = 0; i < after.Length; i++)
            {
                var ply = before.Length + i;
                await PlayAcknowledgedAsync(ply % 2 == 0 ? red : yellow, gameId, after[i], ply);
            }

            output.WriteLine($"the game finished {killedAt.Elapsed.TotalSeconds:F1} s after the kill");
            output.WriteLine($"after the kill the game is active on: {await script.WhereIsAsync(gameId, except: victim)}");
            foreach (var (client, name) in new[] { (red, "red"), (yellow, "yellow") })
            {
                var seen = client.Seen.Where(m => (string?)m["gameId"] == gameId && (string?)m["type"] is "move" or "over" or "game")
                    .Select(m => (string?)m["type"] switch
                    {
                        "move" => $"move {m["ply"]}",
                        "game" => $"game snapshot at ply {m["moves"]!.AsArray().Count}",
                        _ => "over",
                    });
                output.WriteLine($"{name} was sent: {string.Join(", ", seen)}");
            }

            var state = await red.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
            Assert.Equal("over", (string?)state["status"]);
            Assert.Equal("red", (string?)state["result"]);
            Assert.Equal("four", (string?)state["reason"]);
            Assert.Equal([.. before, .. after], state["moves"]!.AsArray().Select(m => (int)m!));

            // A gateway dies too (the players above may be on it): new players keep getting in through the other one.
            await script.RunAsync("kill", "gateway-1");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await script.RunAsync("start", "gateway-1");

            var hellos = await prober.StopAsync();
            output.WriteLine($"new players' hello through the kills: {hellos.Count} answered, slowest {hellos.Max().TotalSeconds:F2} s");
            Assert.True(hellos.Count >= 10, $"only {hellos.Count} hellos were answered");
            Assert.True(hellos.Max() < TimeSpan.FromSeconds(5), $"a new player's hello took {hellos.Max().TotalSeconds:F1} s");

            failed = false;
        }
        finally
        {
            await script.DownAsync(keepState: failed);
        }
    }

    /// <summary>
    /// A new player saying hello through the balancer every 200 ms, each on a connection of its own: how long each
    /// took, from the first attempt to the welcome, reconnecting when its connection is cut. Over 5 s fails the test.
    /// </summary>
    private sealed class HelloProber : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TimeSpan> _answered = [];
        private Task _loop = Task.CompletedTask;
        private string? _failure;

        public static HelloProber Start(Uri wsUri)
        {
            var prober = new HelloProber();
            prober._loop = Task.Run(() => prober.RunAsync(wsUri));
            return prober;
        }

        private async Task RunAsync(Uri wsUri)
        {
            while (!_stop.IsCancellationRequested)
            {
                // As a client would: a connection cut under it (its gateway killed) is opened again, on the clock.
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    try
                    {
                        await using var client = await TestClient.HelloAsync(wsUri, "probe");
                        _answered.Add(clock.Elapsed);
                        break;
                    }
                    catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(5))
                    {
                        await Task.Delay(50);
                    }
                    catch (Exception e)
                    {
                        _failure ??= $"no hello answered within 5 s: {e.Message}";
                        break;
                    }
                }

                await Task.Delay(200);
            }
        }

        public async Task<IReadOnlyList<TimeSpan>> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            Assert.True(_failure is null, _failure);
            return _answered;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Plays a move and returns once it is acknowledged. While the cluster notices the death the move may get
    /// <c>unavailable</c>: it is sent again with the same ply; a <c>stale</c> after a retry means an earlier attempt
    /// was applied, which the game's state must then show.
    /// </summary>
    private async Task PlayAcknowledgedAsync(TestClient mover, string gameId, int column, int ply)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var reply = await RequestAnyAsync(mover, new JsonObject { ["type"] = "play", ["gameId"] = gameId, ["column"] = column, ["ply"] = ply });
            var type = (string?)reply["type"];
            var code = (string?)reply["code"];
            if (type == "played")
            {
                Assert.Equal(ply + 1, (int)reply["ply"]!);
                Log(attempt, clock, ply, "played");
                return;
            }

            if (type == "error" && code == "stale" && attempt > 1)
            {
                var state = await mover.RequestAsync(new JsonObject { ["type"] = "state", ["gameId"] = gameId }, "game");
                var moves = state["moves"]!.AsArray().Select(m => (int)m!).ToList();
                Assert.True(moves.Count == ply + 1 && moves[ply] == column,
                    $"'stale' for ply {ply} after a retry, but the game holds moves [{string.Join(",", moves)}]");
                Log(attempt, clock, ply, "applied by an earlier attempt");
                return;
            }

            Assert.True(type == "error" && code == "unavailable", $"play at ply {ply} (attempt {attempt}): {reply.ToJsonString()}");
            Assert.True(clock.Elapsed < RetryDeadline, $"the move at ply {ply} was still unavailable after {clock.Elapsed} and {attempt} attempts");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Every silo and gateway serves metrics where <c>up</c> said: the silos counted the moves (the game's silo), the
    /// gateways the commands and connections.
    /// </summary>
    private static async Task AssertMetricsAsync(ClusterScript script, int moves)
    {
        Assert.Equal(["gateway-1", "gateway-2", "silo-1", "silo-2", "silo-3"], script.MetricsUrls.Keys.Order(StringComparer.Ordinal));
        var pages = new Dictionary<string, PrometheusText>();
        foreach (var (node, url) in script.MetricsUrls)
        {
            pages[node] = await PrometheusText.ScrapeAsync(new Uri(url, "/"));
            Assert.Contains(node.StartsWith("silo-", StringComparison.Ordinal) ? "orleans_catalog_activations" : "connect4_connections", pages[node].Names);
        }

        Assert.Equal(moves, pages.Where(p => p.Key.StartsWith("silo-", StringComparison.Ordinal)).Sum(p => p.Value.Sum("connect4_moves_total")));
        Assert.Equal(moves, pages.Where(p => p.Key.StartsWith("gateway-", StringComparison.Ordinal))
            .Sum(p => p.Value.Sum("connect4_commands_total", ("type", "play"), ("outcome", "ok"))));
    }

    private void Log(int attempt, Stopwatch clock, int ply, string what)
    {
        if (attempt > 1)
        {
            output.WriteLine($"ply {ply}: {what} on attempt {attempt}, {clock.Elapsed.TotalSeconds:F1} s after the first");
        }
    }

    private static int _rid;

    /// <summary>Sends a command and returns its reply, whatever its type.</summary>
    private static async Task<JsonObject> RequestAnyAsync(TestClient client, JsonObject command)
    {
        var rid = $"cluster-{Interlocked.Increment(ref _rid)}";
        command["rid"] = rid;
        await client.SendAsync(command);
        // A call may wait for its grain call's deadline (30 s) at worst; the retry deadline is checked by the caller.
        return await client.ReceiveAsync(m => m["rid"] is JsonValue r && r.ToString() == rid, $"a reply to {command.ToJsonString()}",
            TimeSpan.FromSeconds(35));
    }

    /// <summary>The script, with its own state folder and ports for this test.</summary>
    private sealed class ClusterScript(ITestOutputHelper output)
    {
        private readonly string _root = Repository.Root;
        private readonly string _stateDir = Path.Combine(Repository.Root, ".cluster", $"test-{Guid.NewGuid():N}"[..17]);
        private readonly int _basePort = FreeRange(50);

        public async Task<string> UpAsync()
        {
            var clock = Stopwatch.StartNew();
            var (exit, stdout, stderr) = await RunRawAsync(UpTimeout, "up");
            output.WriteLine($"up took {clock.Elapsed.TotalSeconds:F1} s:\n{stdout}{stderr}");
            Assert.True(exit == 0, $"cluster.sh up exited with {exit}:\n{stdout}\n{stderr}");
            var last = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            Assert.Equal($"http://127.0.0.1:{_basePort}", last);
            MetricsUrls = stdout.Split('\n', StringSplitOptions.TrimEntries)
                .Select(l => l.Split(' ')).Where(p => p is ["metrics", _, _]).ToDictionary(p => p[1], p => new Uri(p[2]));
            return last;
        }

        /// <summary>Each silo's and gateway's metrics URL, as <c>up</c> printed them.</summary>
        public IReadOnlyDictionary<string, Uri> MetricsUrls { get; private set; } = new Dictionary<string, Uri>();

        public async Task RunAsync(params string[] args)
        {
            var (exit, stdout, stderr) = await RunRawAsync(ScriptTimeout, args);
            Assert.True(exit == 0, $"cluster.sh {string.Join(' ', args)} exited with {exit}:\n{stdout}\n{stderr}");
        }

        /// <summary>
        /// Each silo's node name, its Orleans name (from its /readyz, which must say it is active in a cluster of 3) and the
        /// games active on it (its /games).
        /// </summary>
        public async Task<List<(string Node, string NodeId, IReadOnlyList<string> Games)>> SilosAsync()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var silos = new List<(string, string, IReadOnlyList<string>)>();
            for (var i = 1; i <= 3; i++)
            {
                var port = SiloHttpPort(i);
                var report = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/readyz"))!;
                Assert.True((bool)report["ready"]!, $"silo-{i} is not ready: {report.ToJsonString()}");
                Assert.Equal(3, (int)report["silos"]!);
                silos.Add(($"silo-{i}", (string)report["nodeId"]!, await GamesAsync(http, i)));
            }

            return silos;
        }

        /// <summary>Which silos other than <paramref name="except"/> say the game is active on them (for the test's output).</summary>
        public async Task<string> WhereIsAsync(string gameId, string except)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var found = new List<string>();
            for (var i = 1; i <= 3; i++)
            {
                try
                {
                    if ($"silo-{i}" != except && (await GamesAsync(http, i)).Contains(gameId))
                    {
                        found.Add($"silo-{i}");
                    }
                }
                catch (HttpRequestException e)
                {
                    found.Add($"(silo-{i} did not answer: {e.Message})");
                }
            }

            return found.Count == 0 ? "no silo (deactivated already)" : string.Join(", ", found);
        }

        /// <summary>The games active on silo-<paramref name="silo"/> now (its GET /games).</summary>
        private async Task<IReadOnlyList<string>> GamesAsync(HttpClient http, int silo)
        {
            var report = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{SiloHttpPort(silo)}/games"))!;
            return [.. report["games"]!.AsArray().Select(g => (string)g!)];
        }

        /// <summary>A silo's HTTP port in the layout of cluster.sh: base + 11..13.</summary>
        private int SiloHttpPort(int silo) => _basePort + 10 + silo;

        /// <summary>Stops every node; keeps the logs of a failed run (and says where), else removes the state folder.</summary>
        public async Task DownAsync(bool keepState)
        {
            var (exit, stdout, stderr) = await RunRawAsync(ScriptTimeout, "down");
            output.WriteLine($"down: {stdout}{stderr}");
            if (keepState)
            {
                output.WriteLine($"logs kept in {Path.Combine(_stateDir, "logs")}");
                foreach (var log in Directory.Exists(_stateDir) ? Directory.GetFiles(Path.Combine(_stateDir, "logs"), "*.log") : [])
                {
                    var lines = await File.ReadAllLinesAsync(log);
                    output.WriteLine($"--- {Path.GetFileName(log)} (last 40 lines)\n{string.Join('\n', lines.TakeLast(40))}");
                }
            }

            Assert.True(exit == 0, $"cluster.sh down exited with {exit}:\n{stdout}\n{stderr}");
            if (!keepState)
            {
                Directory.Delete(_stateDir, recursive: true);
            }
        }

        private async Task<(int Exit, string Stdout, string Stderr)> RunRawAsync(TimeSpan timeout, params string[] args)
        {
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = _root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            start.ArgumentList.Add(Path.Combine(_root, "scripts", "cluster.sh"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["CLUSTER_BASE_PORT"] = _basePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["CLUSTER_STATE_DIR"] = _stateDir;
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"cluster.sh {string.Join(' ', args)} did not finish within {timeout}");
            }

            return (process.ExitCode, await stdout, await stderr);
        }

        /// <summary>A base port such that base .. base+count-1 are all free on loopback now.</summary>
        private static int FreeRange(int count)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                // Below Linux's ephemeral range (32768 up), from which the other tests' servers and every outgoing
                // connection take their ports: a range chosen there could be taken before the script binds it.
                var basePort = Random.Shared.Next(20_000, 32_000 - count);
                if (Enumerable.Range(basePort, count).All(IsFree))
                {
                    return basePort;
                }
            }

            throw new InvalidOperationException($"no {count} consecutive free ports found");
        }

        private static bool IsFree(int port)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
