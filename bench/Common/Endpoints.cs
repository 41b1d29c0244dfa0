namespace Connect4.Bench.Common;

/// <summary>The URIs the benchmarks derive from a gateway's URL.</summary>
internal static class Endpoints
{
    /// <summary>
    /// The WebSocket URI for a gateway URL: http becomes ws and https wss (ws and wss are kept), and the endpoint's
    /// path (<c>/ws</c> for the native protocol, <c>/</c> for the tutorial dialect) is appended to the URL's path.
    /// </summary>
    public static Uri WebSocket(string url, string endpointPath)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{url}' is not an absolute URL (e.g. http://127.0.0.1:5000)");
        }

        var scheme = uri.Scheme switch
        {
            "http" or "ws" => "ws",
            "https" or "wss" => "wss",
            _ => throw new ArgumentException($"'{url}': the scheme must be http, https, ws or wss"),
        };
        var basePath = uri.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(uri) { Scheme = scheme, Path = basePath + endpointPath, Query = "", Fragment = "" };
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    /// <summary>
    /// The HTTP URI of a path on the gateway of <paramref name="url"/> (for <c>/stats</c>): ws becomes http and wss
    /// https, and <paramref name="pathAndQuery"/> is appended to the URL's path.
    /// </summary>
    public static Uri Http(string url, string pathAndQuery)
    {
        var ws = WebSocket(url, "");
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var builder = new UriBuilder(ws)
        {
            Scheme = ws.Scheme == "wss" ? "https" : "http",
            Path = ws.AbsolutePath.TrimEnd('/') + (query < 0 ? pathAndQuery : pathAndQuery[..query]),
            Query = query < 0 ? "" : pathAndQuery[(query + 1)..],
        };
        if (ws.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }
}
