using System.Globalization;
using Connect4.Bench.Common;

namespace Connect4.Bench.Hold;

/// <summary>What one server reported before and after, and how many connections went to it.</summary>
internal sealed record HeldServer(string Url, Uri Endpoint, ServerStats? Before, ServerStats? After, int Opened, string? StatsError)
{
    public double? WorkingSetPerConnection => PerConnection(s => s.WorkingSetBytes);

    public double? ManagedHeapPerConnection => PerConnection(s => s.ManagedHeapBytes);

    public double? GcHeapSizePerConnection => PerConnection(s => s.GcHeapSizeBytes);

    /// <summary>(after - before) / opened, in bytes; null without both readings or any connection.</summary>
    private double? PerConnection(Func<ServerStats, long> figure) =>
        Before is null || After is null || Opened == 0 ? null : (double)(figure(After) - figure(Before)) / Opened;
}

/// <summary>What this client's own process grew by per connection opened, in bytes.</summary>
internal sealed record ClientMemory(double WorkingSetBytes, double ManagedHeapBytes);

/// <summary>The figures of a hold run. KB are 1024 bytes.</summary>
internal sealed record HoldReport(
    HoldOptions Options,
    int Sources,
    int Opened,
    int Failed,
    SortedDictionary<string, int> Failures,
    SortedDictionary<string, int> Lost,
    int UnexpectedMessages,
    double OpenSeconds,
    ClientMemory? Client,
    HeldServer[] Servers)
{
    private static string KB(double? bytes) => bytes is { } b ? (b / 1024).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    public void Print(TextWriter output)
    {
        var o = Options;
        output.WriteLine($"hold report ({o.Protocol.ToString().ToLowerInvariant()} protocol, {string.Join(", ", Servers.Select(s => s.Endpoint.ToString()))})");
        output.WriteLine($"  connections      {Opened} opened, {Failed} failed of {o.Connections}" +
                         $"{(Failed > 0 ? ": " + string.Join(", ", Failures.Select(f => $"{f.Key} {f.Value}")) : "")}; " +
                         $"{(Sources == 0 ? "source chosen by the system" : $"{Sources} source address{(Sources > 1 ? "es" : "")}")}, opened in {OpenSeconds:0.0} s");
        output.WriteLine($"  held             {o.Seconds:0.##} s idle; lost meanwhile {Lost.Values.Sum()}" +
                         $"{(Lost.Count > 0 ? " (" + string.Join(", ", Lost.Select(l => $"{l.Key} {l.Value}")) + ")" : "")}, unexpected messages {UnexpectedMessages}");
        foreach (var s in Servers)
        {
            output.WriteLine($"  server           {s.Url}: {s.Opened} connections opened to it" +
                             $"{(s.After?.ServerGc is { } serverGc ? serverGc ? ", server GC" : ", workstation GC" : "")}");
            if (s.Before is null || s.After is null)
            {
                output.WriteLine($"    memory         n/a (no /stats: {s.StatsError})");
                continue;
            }

            output.WriteLine($"    its count      {s.Before.Connections} connections before, {s.After.Connections} after");
            output.WriteLine($"    working set    {MiB(s.Before.WorkingSetBytes)} MiB before, {MiB(s.After.WorkingSetBytes)} MiB after: {KB(s.WorkingSetPerConnection)} KB a connection");
            output.WriteLine($"    managed heap   {MiB(s.Before.ManagedHeapBytes)} MiB before, {MiB(s.After.ManagedHeapBytes)} MiB after: {KB(s.ManagedHeapPerConnection)} KB a connection" +
                             $"{(s.Before.Collected && s.After.Collected ? " (live, after a full collection)" : " (no collection: the server refused gc=true)")}");
            output.WriteLine($"    GC heap size   {MiB(s.Before.GcHeapSizeBytes)} MiB before, {MiB(s.After.GcHeapSizeBytes)} MiB after: {KB(s.GcHeapSizePerConnection)} KB a connection");
        }

        if (Client is not null)
        {
            output.WriteLine($"  client           this process, per connection: working set {KB(Client.WorkingSetBytes)} KB, live managed heap {KB(Client.ManagedHeapBytes)} KB");
        }

        if (o.Json)
        {
            output.WriteLine(Json());
        }
    }

    private string Json()
    {
        // Every server together: the sum of their growths over every connection opened (one server: its own figures).
        var measured = Servers.Where(s => s.Before is not null && s.After is not null).ToArray();
        var count = measured.Sum(s => s.Opened);
        return JsonReport.Line(new
        {
            protocol = Options.Protocol.ToString().ToLowerInvariant(),
            urls = Servers.Select(s => s.Endpoint.ToString()),
            connections = Options.Connections,
            sources = Sources,
            opened = Opened,
            failed = Failed,
            failuresByReason = Failures,
            heldSeconds = Options.Seconds,
            openSeconds = Math.Round(OpenSeconds, 3),
            lostWhileHeld = Lost.Values.Sum(),
            unexpectedMessages = UnexpectedMessages,
            clientPerConnection = Client is null ? null : new { workingSetKB = KBJson(Client.WorkingSetBytes), managedHeapKB = KBJson(Client.ManagedHeapBytes) },
            perConnection = measured.Length == Servers.Length && count > 0
                ? PerConnection(
                    measured.Sum(s => (double)(s.After!.WorkingSetBytes - s.Before!.WorkingSetBytes)) / count,
                    measured.Sum(s => (double)(s.After!.ManagedHeapBytes - s.Before!.ManagedHeapBytes)) / count,
                    measured.Sum(s => (double)(s.After!.GcHeapSizeBytes - s.Before!.GcHeapSizeBytes)) / count)
                : null,
            servers = Servers.Select(s => new
            {
                url = s.Url,
                opened = s.Opened,
                before = s.Before?.Json(),
                after = s.After?.Json(),
                perConnection = s.WorkingSetPerConnection is { } ws && s.ManagedHeapPerConnection is { } mh && s.GcHeapSizePerConnection is { } gh
                    ? PerConnection(ws, mh, gh)
                    : null,
                statsError = s.StatsError,
            }),
        });
    }

    private static object PerConnection(double workingSet, double managedHeap, double gcHeapSize) =>
        new { workingSetKB = KBJson(workingSet), managedHeapKB = KBJson(managedHeap), gcHeapSizeKB = KBJson(gcHeapSize) };

    /// <summary>Bytes as KB (1024) rounded to 2 decimals, as the JSON line has them.</summary>
    private static double KBJson(double bytes) => Math.Round(bytes / 1024, 2);
}
