using Connect4.Gateway.Sessions;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway.Routing;

/// <summary>
/// How the gateway waits for grains. Every call has a deadline (<c>Gateway:CallTimeout</c>), since a call in flight
/// through a silo that died would otherwise wait for Orleans' response timeout. Calls that are safe to repeat (reads,
/// subscriptions, a move with its ply) are retried on a transient failure or after <c>Gateway:AttemptTimeout</c>, with
/// a short back-off, until the deadline: that is what carries a player over a silo's death. (Renewals are not: the next
/// period tries again.)
/// </summary>
internal sealed class GrainCalls(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly TimeSpan _deadline = options.Value.CallTimeout;
    private readonly TimeSpan _attempt = options.Value.AttemptTimeout;

    /// <summary>One attempt, within the deadline.</summary>
    public Task Once(Func<Task> call) => call().WaitAsync(_deadline, time);

    /// <summary>One attempt, within the deadline.</summary>
    public Task<T> Once<T>(Func<Task<T>> call) => call().WaitAsync(_deadline, time);

    /// <summary>Attempts until one succeeds, fails for good, or the deadline passes. Only for calls safe to repeat.</summary>
    public async Task<T> Retrying<T>(Func<Task<T>> call)
    {
        var started = time.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            // Never negative: under load the back-off's delay may outlast what was left, and WaitAsync refuses a negative wait.
            var left = TimeSpan.FromTicks(Math.Max(0, (_deadline - time.GetElapsedTime(started)).Ticks));
            try
            {
                return await call().WaitAsync(left < _attempt ? left : _attempt, time);
            }
            catch (Exception e) when (Errors.IsTransient(e) && time.GetElapsedTime(started) + pause < _deadline)
            {
                await Task.Delay(pause, time);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.TicksPerMillisecond * 500));
            }
        }
    }
}
