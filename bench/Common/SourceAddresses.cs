using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Connect4.Bench.Common;

/// <summary>
/// Many client connections from one process (hold, broadcast): a loopback server is reached from source addresses
/// 127.0.0.1 .. 127.0.0.K, each with its own ephemeral ports, through one <see cref="HttpMessageInvoker"/> per address
/// whose handler binds the socket; and the checks that the open-file limit and the ports allow that many connections.
/// </summary>
internal static class SourceAddresses
{
    /// <summary>Connections per source address by default: well inside Linux's default ephemeral range (32768-60999).</summary>
    public const int ConnectionsPerSource = 25_000;

    /// <summary>File descriptors this process needs besides its connections (runtime, stats requests, pipes).</summary>
    private const int SpareDescriptors = 100;

    /// <summary>The <c>--sources</c> option of a command that opens many connections to <paramref name="servers"/>.</summary>
    public static Option<int> SourcesOption(string servers) => CommandOptions.Bounded(new Option<int>("--sources")
    {
        Description = $"Source addresses 127.0.0.1 .. 127.0.0.K to connect from (loopback {servers} only), past the ephemeral port range " +
                      $"of a single address; 0 (default): enough for at most {ConnectionsPerSource} connections each.",
        DefaultValueFactory = _ => 0,
    }, 0, 254);

    /// <summary>
    /// The source addresses for <paramref name="connections"/> (of <paramref name="total"/> this process opens) to
    /// <paramref name="uris"/> with <c>--sources</c> <paramref name="asked"/>, in <paramref name="sources"/>; null when
    /// they fit, else what stands in the way (see <see cref="CheckLimits"/>; <paramref name="option"/> names the option).
    /// </summary>
    public static string? Plan(IReadOnlyList<Uri> uris, int connections, int total, int asked, string option, out int sources)
    {
        var loopback = uris.All(IsLoopback);
        sources = Count(connections, asked, loopback);
        return !loopback && asked > 1
            ? "--sources needs every --url on a loopback address (127.0.0.0/8, ::1 or localhost)"
            : CheckLimits(total, sources, option);
    }

    /// <summary>
    /// The source addresses to use for <paramref name="connections"/>: <paramref name="asked"/> when given (&gt; 0), else
    /// enough for at most <see cref="ConnectionsPerSource"/> each; 0 (not bound) unless every server is on loopback.
    /// </summary>
    private static int Count(int connections, int asked, bool loopback) =>
        !loopback ? 0 : asked > 0 ? asked : Math.Max(1, (connections + ConnectionsPerSource - 1) / ConnectionsPerSource);

    /// <summary>One invoker per source address 127.0.0.1 .. 127.0.0.<paramref name="sources"/> (0: one, not bound).</summary>
    public static HttpMessageInvoker[] Invokers(int sources, double connectTimeoutSeconds)
    {
        var bindings = sources == 0
            ? new IPAddress?[] { null }
            : Enumerable.Range(1, sources).Select(i => (IPAddress?)new IPAddress(new byte[] { 127, 0, 0, (byte)i })).ToArray();
        return bindings.Select(s => new HttpMessageInvoker(Handler(s, connectTimeoutSeconds))).ToArray();
    }

    /// <summary>"from 127.0.0.1 .. 127.0.0.K", or that the system chooses.</summary>
    public static string Describe(int sources) =>
        sources == 0 ? "source address chosen by the system" : $"from 127.0.0.1{(sources > 1 ? $" .. 127.0.0.{sources}" : "")}";

    /// <summary>
    /// The handler that opens one source address's connections: a socket bound to <paramref name="source"/> (any port;
    /// null: not bound) and connected to the server, so each address has its own ephemeral ports.
    /// </summary>
    private static SocketsHttpHandler Handler(IPAddress? source, double timeoutSeconds) => new()
    {
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
        ConnectCallback = async (context, cancel) =>
        {
            var socket = source is null
                ? new Socket(SocketType.Stream, ProtocolType.Tcp)
                : new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.NoDelay = true;
                if (source is not null)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }

                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// Null when this process may open <paramref name="connections"/> sockets from <paramref name="sources"/> addresses
    /// (0: not bound), else what stands in the way: the open-file limit (one descriptor a connection here, and another in
    /// a server on this machine) or the ephemeral ports of one source address. <paramref name="option"/> names the
    /// command's option for the number of connections.
    /// </summary>
    private static string? CheckLimits(int connections, int sources, string option)
    {
        var limit = OpenFileLimit();
        if (limit is { } max && connections + SpareDescriptors > max)
        {
            return $"{connections} connections need about {connections + SpareDescriptors} file descriptors in this process (one a connection, " +
                   $"and as many again in a server on this machine), but the limit is {max} (ulimit -n). Raise it (ulimit -n, or " +
                   $"LimitNOFILE= for a service) or pass fewer {option} (at most {Math.Max(0, max - SpareDescriptors)} here).";
        }

        var ports = EphemeralPorts();
        var perSource = (connections + Math.Max(1, sources) - 1) / Math.Max(1, sources);
        if (ports is { } range && perSource > range)
        {
            return $"{perSource} connections from one source address exceed its {range} ephemeral ports (net.ipv4.ip_local_port_range); " +
                   $"pass --sources {(connections + range - 1) / range} or more (a loopback server) or fewer {option}.";
        }

        return null;
    }

    /// <summary>The soft limit on open files (Linux: /proc/self/limits), null when unknown or unlimited.</summary>
    private static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>The size of the ephemeral port range (Linux), null when unknown.</summary>
    private static int? EphemeralPorts()
    {
        try
        {
            var fields = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split(new[] { '\t', ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            return fields.Length == 2 && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var low) && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var high)
                ? high - low + 1
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
