using System.Diagnostics;
using System.Globalization;

namespace Connect4.Bench.Common;

/// <summary>
/// Exact percentiles of a set of durations (Stopwatch ticks): every sample is kept and sorted; a percentile is
/// the nearest-rank value (the smallest sample with at least p% of the samples at or below it).
/// </summary>
internal sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<List<long>> parts)
    {
        var all = new List<long>();
        foreach (var part in parts)
        {
            all.AddRange(part);
        }

        var samples = all.ToArray();
        Array.Sort(samples);
        return Of(samples);
    }

    /// <summary>From sorted Stopwatch ticks.</summary>
    public static LatencySummary Of(long[] sorted)
    {
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        double sum = 0;
        foreach (var s in sorted)
        {
            sum += s;
        }

        return new LatencySummary(sorted.Length, Ms(sum / sorted.Length), Ms(Rank(sorted, 50)), Ms(Rank(sorted, 90)),
            Ms(Rank(sorted, 99)), Ms(sorted[^1]));
    }

    /// <summary>From milliseconds (any order).</summary>
    public static LatencySummary OfMilliseconds(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        return new LatencySummary(sorted.Length, sorted.Average(), Rank(sorted, 50), Rank(sorted, 90), Rank(sorted, 99), sorted[^1]);
    }

    private static T Rank<T>(T[] sorted, double percent)
    {
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Ms(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static string F(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture);

    public string Text() => Count == 0
        ? "no samples"
        : $"p50 {F(P50)}  p90 {F(P90)}  p99 {F(P99)}  max {F(Max)}  (mean {F(Mean)}, {Count} samples)";

    /// <summary>The figures as a report's JSON shows them: {p50,p90,p99,max,mean,count}, milliseconds rounded to 2 decimals.</summary>
    public object Json() => new
    {
        p50 = Math.Round(P50, 2),
        p90 = Math.Round(P90, 2),
        p99 = Math.Round(P99, 2),
        max = Math.Round(Max, 2),
        mean = Math.Round(Mean, 2),
        count = Count,
    };
}
