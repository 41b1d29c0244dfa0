using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Connect4.Tests.Infrastructure;

/// <summary>
/// A real Redis server of the test's own, on a free loopback port, with its data in a fresh folder that survives a
/// <see cref="RestartAsync"/>. It is Debian's <c>redis-server</c> when that is on PATH (append-only file, fsync on every
/// write), else Garnet from the repository's dotnet tool manifest (<c>.config/dotnet-tools.json</c>), with Lua and its
/// write-ahead log on.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim ToolRestore = new(1, 1);
    private static bool _toolRestored;

    private readonly string _dataFolder;
    private readonly string? _redisServerPath;
    private readonly Queue<string> _output = new();
    private Process? _process;

    private RedisServer(int port, string dataFolder, string? redisServerPath)
    {
        Port = port;
        _dataFolder = dataFolder;
        _redisServerPath = redisServerPath;
    }

    public int Port { get; }

    /// <summary>"redis-server" or "garnet".</summary>
    public string Kind => _redisServerPath is null ? "garnet" : "redis-server";

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000";

    /// <summary>True while the server process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"c4-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var server = new RedisServer(Loopback.FreePort(), folder, FindOnPath("redis-server"));
        try
        {
            await server.LaunchAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server process (as a crash would).</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Stops the server and starts it again on the same port with the same data; waits until it answers.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task LaunchAsync()
    {
        var start = _redisServerPath is null ? await GarnetStartInfoAsync() : RedisStartInfo(_redisServerPath);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {start.FileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForPingAsync(process);
    }

    private ProcessStartInfo RedisStartInfo(string path)
    {
        var start = new ProcessStartInfo(path) { WorkingDirectory = _dataFolder };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--dir", _dataFolder,
            "--daemonize", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private async Task<ProcessStartInfo> GarnetStartInfoAsync()
    {
        var root = RepositoryRoot();
        await RestoreToolsAsync(root);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
        foreach (var argument in new[]
        {
            "tool", "run", "garnet-server", "--",
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--lua", "true",
            // The write-ahead log, committed before each reply, and recovery from it: data survives a restart.
            "--aof", "true", "--aof-commit-freq", "0", "--aof-commit-wait", "true",
            "--recover", "true",
            "--checkpointdir", _dataFolder,
            // Garnet's native Linux device needs libaio, which is not installed here; the managed device needs nothing.
            "--device-type", "RandomAccess",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static async Task RestoreToolsAsync(string root)
    {
        await ToolRestore.WaitAsync();
        try
        {
            if (_toolRestored)
            {
                return;
            }

            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("tool");
            start.ArgumentList.Add("restore");
            using var restore = Process.Start(start) ?? throw new InvalidOperationException("Could not start 'dotnet tool restore'.");
            var output = restore.StandardOutput.ReadToEndAsync();
            var error = restore.StandardError.ReadToEndAsync();
            await restore.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            if (restore.ExitCode != 0)
            {
                throw new InvalidOperationException($"'dotnet tool restore' in {root} failed ({restore.ExitCode}): {await output}{await error}");
            }

            _toolRestored = true;
        }
        finally
        {
            ToolRestore.Release();
        }
    }

    private async Task WaitForPingAsync(Process process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {Kind} on port {Port} exited with code {process.ExitCode} before it answered PING:\n{Output()}");
            }

            if (await PingAsync())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {Kind} on port {Port} did not answer PING within {StartTimeout}:\n{Output()}");
            }

            await Task.Delay(50);
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The folder holding <c>.config/dotnet-tools.json</c>, found upwards from the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ".config", "dotnet-tools.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No redis-server on PATH and no .config/dotnet-tools.json above {AppContext.BaseDirectory} to run Garnet from.");
    }
}

/// <summary>One <see cref="RedisServer"/> shared by the test classes of the "redis" collection.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The Redis server has not started.");

    public string ConnectionString => Server.ConnectionString;

    /// <summary>A cluster id no other test uses, so tests sharing the server do not see each other's keys.</summary>
    public static string NewClusterId(string test) => $"{test}-{Guid.NewGuid():N}";

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition("redis")]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>;
