using System.Diagnostics;

namespace Connect4.Bench.Common;

/// <summary>What a <see cref="BenchSocket"/> reports to its owner, from its receive loop.</summary>
internal interface ISocketHandler
{
    /// <summary>One complete text message; <paramref name="timestamp"/> is <see cref="Stopwatch.GetTimestamp"/> at its arrival.
    /// The span is only valid during the call.</summary>
    void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp);

    /// <summary>The connection ended without this client asking for it: <c>closed-&lt;code&gt;</c> or <c>connection-lost</c>.</summary>
    void OnLost(BenchSocket socket, string reason);
}
