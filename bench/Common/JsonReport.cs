using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connect4.Bench.Common;

/// <summary>
/// The one writer of the reports' <c>--json</c> line (scripts/perf.sh and the tests read it): an object serialized by
/// System.Text.Json, usually an anonymous one so that the code reads like the line it prints. Property names stay as
/// written and in their order, null ones are left out, numbers are written as <see cref="Utf8JsonWriter"/> writes them
/// (the shortest form that reads back as the same double), on one line.
/// </summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Line(object report) => JsonSerializer.Serialize(report, Options);
}
