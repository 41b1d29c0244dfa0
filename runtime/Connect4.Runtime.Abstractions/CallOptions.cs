namespace Connect4.Runtime;

/// <summary>
/// Per-call options that flow with the async context of the caller.
/// <code>using (CallOptions.WithTimeout(TimeSpan.FromSeconds(2))) { await grain.DoAsync(); }</code>
/// </summary>
public static class CallOptions
{
    private static readonly AsyncLocal<TimeSpan?> CurrentTimeout = new();

    /// <summary>The deadline set by the innermost <see cref="WithTimeout"/> scope, if any.</summary>
    public static TimeSpan? Timeout => CurrentTimeout.Value;

    /// <summary>Sets the deadline of every grain call made in this scope; dispose to restore the previous one.</summary>
    public static IDisposable WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        var previous = CurrentTimeout.Value;
        CurrentTimeout.Value = timeout;
        return new Restore(previous);
    }

    private sealed class Restore(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => CurrentTimeout.Value = previous;
    }
}
