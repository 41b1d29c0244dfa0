using System.Text.Json;

namespace Connect4.Bench.Common;

/// <summary>
/// One reading of a server's <c>GET /stats</c> (a gateway's, or the echo server's): its open WebSocket connections
/// and its memory in bytes. <see cref="Collected"/> says whether a full compacting collection ran first.
/// </summary>
internal sealed record ServerStats(int Connections, long WorkingSetBytes, long ManagedHeapBytes, long GcHeapSizeBytes, bool Collected, bool? ServerGc)
{
    /// <summary>Reads <c>/stats</c> of the server at <paramref name="url"/>; with <paramref name="collect"/>, <c>?gc=true</c>.</summary>
    public static async Task<ServerStats> ReadAsync(HttpClient http, string url, bool collect, CancellationToken cancel)
    {
        var uri = Endpoints.Http(url, collect ? "/stats?gc=true" : "/stats");
        using var response = await http.GetAsync(uri, cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancel));
        var root = json.RootElement;
        return new ServerStats(
            root.GetProperty("connections").GetInt32(),
            root.GetProperty("workingSetBytes").GetInt64(),
            root.GetProperty("managedHeapBytes").GetInt64(),
            root.GetProperty("gcHeapSizeBytes").GetInt64(),
            root.TryGetProperty("collected", out var collected) && collected.ValueKind == JsonValueKind.True,
            root.TryGetProperty("serverGc", out var serverGc) && serverGc.ValueKind is JsonValueKind.True or JsonValueKind.False ? serverGc.GetBoolean() : null);
    }

    /// <summary>The figures as a report's JSON shows them (all but <see cref="ServerGc"/>).</summary>
    public object Json() => new
    {
        connections = Connections,
        workingSetBytes = WorkingSetBytes,
        managedHeapBytes = ManagedHeapBytes,
        gcHeapSizeBytes = GcHeapSizeBytes,
        collected = Collected,
    };
}
