namespace Connect4.Bench.Common;

/// <summary>A line on stderr every 2 s, <c>command: </c> and whatever <see cref="Line"/> says at the time, until stopped.</summary>
internal sealed class ProgressLine(string command)
{
    public Func<string> Line { get; set; } = () => "starting";

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Console.Error.WriteLine($"{command}: {Line()}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
