using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Connect4.Bench.Failover;

/// <summary>A node as <c>cluster.sh status</c> prints it.</summary>
internal sealed record NodeLine(string Name, int? Pid, bool Running, int Port);

/// <summary>Runs scripts/cluster.sh verbs with this process's environment (so CLUSTER_BASE_PORT and the rest apply).</summary>
internal sealed partial class ClusterScript(string path)
{
    public string Path { get; } = path;

    /// <summary>Runs <c>bash script args</c>; returns its exit code and stdout lines (each echoed to stderr).</summary>
    public async Task<(int ExitCode, List<string> Lines)> RunAsync(bool echo, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var lines = new List<string>();
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lines.Add(line);
                if (echo)
                {
                    await Console.Error.WriteLineAsync($"  cluster.sh {args[0]}: {line}");
                }
            }
        });
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                await Console.Error.WriteLineAsync($"  cluster.sh {args[0]} (stderr): {line}");
            }
        });
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, lines);
    }

    public async Task<List<string>> RunCheckedAsync(bool echo, params string[] args)
    {
        var (code, lines) = await RunAsync(echo, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"bash {Path} {string.Join(' ', args)} exited with {code}");
        }

        return lines;
    }

    public async Task<List<NodeLine>> StatusAsync()
    {
        var nodes = new List<NodeLine>();
        foreach (var line in await RunCheckedAsync(false, "status"))
        {
            var m = StatusLine().Match(line);
            if (m.Success)
            {
                nodes.Add(new NodeLine(m.Groups[1].Value, int.TryParse(m.Groups[2].Value, out var pid) ? pid : null,
                    m.Groups[3].Value == "running", int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return nodes;
    }

    /// <summary>The folder above the current one (or this tool's) that holds Connect4.sln, if any.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Connect4.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    // printf '%-10s pid %-8s %-8s %-22s %s\n' node pid state "port P[ node N]" extra
    [GeneratedRegex(@"^(\S+)\s+pid\s+(\S+)\s+(running|stopped)\s+port\s+(\d+)")]
    private static partial Regex StatusLine();
}
