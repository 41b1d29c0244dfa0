using System.Text;
using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>Pieces the reports of load, baseline, hold and failover share.</summary>
internal static class ReportParts
{
    /// <summary>One JSON object, its members written by <paramref name="members"/>: a report's <c>--json</c> line.</summary>
    public static string JsonObject(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The errors and connections lines of a report that drives games over sockets (load, baseline).</summary>
    public static void PrintErrorsAndConnections(
        TextWriter output, long errors, IReadOnlyDictionary<string, long> errorsByCode, int connections, int peakConnections, long connectionsOpened)
    {
        output.WriteLine($"  errors           {errors} (whole run){(errors > 0 ? ": " + string.Join(", ", errorsByCode.Select(e => $"{e.Key} {e.Value}")) : "")}");
        output.WriteLine($"  connections      {connections} held at the end (peak {peakConnections}, {connectionsOpened} opened in all)");
    }

    /// <summary>The same figures as JSON members: errors, errorsByCode, connections, peakConnections, connectionsOpened.</summary>
    public static void WriteErrorsAndConnections(
        Utf8JsonWriter w, long errors, IReadOnlyDictionary<string, long> errorsByCode, int connections, int peakConnections, long connectionsOpened)
    {
        w.WriteNumber("errors", errors);
        w.WriteStartObject("errorsByCode");
        foreach (var (code, n) in errorsByCode)
        {
            w.WriteNumber(code, n);
        }

        w.WriteEndObject();
        w.WriteNumber("connections", connections);
        w.WriteNumber("peakConnections", peakConnections);
        w.WriteNumber("connectionsOpened", connectionsOpened);
    }
}
