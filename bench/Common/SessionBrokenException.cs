namespace Connect4.Bench.Common;

/// <summary>
/// A seat's session cannot go on: its connection failed or ended, or nothing answered in time. <see cref="Code"/> is
/// how the reports count it: <c>connect-failed</c>, <c>send-failed</c>, <c>closed-&lt;code&gt;</c>,
/// <c>connection-lost</c> or <c>timeout</c>.
/// </summary>
internal sealed class SessionBrokenException(string code, string message) : IOException(message)
{
    public string Code { get; } = code;
}
