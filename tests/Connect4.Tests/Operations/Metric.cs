using Connect4.Tests.Infrastructure;

namespace Connect4.Tests.Operations;

/// <summary>Waiting for a metric of a gateway's <c>/metrics</c> to reach a value (the exporter caches a page for a moment).</summary>
internal static class Metric
{
    public static Task<PrometheusText> UntilAsync(GatewayHost host, string name, double expected, params (string Key, string Value)[] labels) =>
        UntilAsync(host, name, v => v == expected, $"{expected}", labels);

    public static Task<PrometheusText> AtLeastAsync(GatewayHost host, string name, double least, params (string Key, string Value)[] labels) =>
        UntilAsync(host, name, v => v >= least, $"at least {least}", labels);

    private static async Task<PrometheusText> UntilAsync(GatewayHost host, string name, Func<double, bool> reached, string expected,
        (string Key, string Value)[] labels)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var page = await PrometheusText.ScrapeAsync(host.HttpUri);
            var value = page.Sum(name, labels);
            if (reached(value))
            {
                return page;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} is {value}, expected {expected}");
            await Task.Delay(100);
        }
    }
}
