using System.Diagnostics;
using System.Reflection;

namespace Connect4.Bench.Baseline;

/// <summary>
/// <c>echo-server</c> running in a child process of this tool: the same executable (under <c>dotnet</c>, with this
/// assembly's path), on a free loopback port that it picks itself and names on its first line, with workstation GC like the
/// gateway. Disposing stops it: its standard input is closed (it stops by itself), and it is killed if still there
/// after 3 s; closing its input also stops it when this process dies.
/// </summary>
internal sealed class EchoServerProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "listening on ";

    private readonly Process _process;
    private readonly Task _stderr;
    private Task _stdout = Task.CompletedTask;

    private EchoServerProcess(Process process)
    {
        _process = process;
        _stderr = PumpAsync(process.StandardError, line => Console.Error.WriteLine($"echo-server: {line}"));
    }

    /// <summary>The server's URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    public int ProcessId => _process.Id;

    public static async Task<EchoServerProcess> StartAsync(CancellationToken cancel)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("the entry assembly is unknown"));
        }

        foreach (var arg in new[] { "echo-server", "--host", "127.0.0.1", "--port", "0", "--stop-on-stdin-close" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{self} did not start");
        var server = new EchoServerProcess(process);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (true)
            {
                string? line;
                try
                {
                    line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
                {
                    throw new TimeoutException("no 'listening on' line within 30 s");
                }

                if (line is null)
                {
                    await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    throw new InvalidOperationException($"it exited{(process.HasExited ? $" with {process.ExitCode}" : "")} before listening");
                }

                if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                {
                    server.Url = line[ListeningPrefix.Length..].Trim();
                    break;
                }

                Console.Error.WriteLine($"echo-server: {line}");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        server._stdout = PumpAsync(process.StandardOutput, line => Console.Error.WriteLine($"echo-server: {line}"));
        return server;
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> write)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                write(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }

            await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
