using System.Globalization;
using System.Text;
using System.Text.Json;
using Connect4.Bench.Common;

namespace Connect4.Bench.Clocks;

/// <summary>How one timed game ended, as its red player saw it: the delay from its deadline to the <c>over</c> event.</summary>
internal sealed record ClockOutcome(string GameId, DateTimeOffset Deadline, double? DelayMs, string? Result, string? Reason, string? Failure);

/// <summary>
/// One timed game of the clocks benchmark, on the native protocol: red creates it with a clock, yellow joins, and nobody
/// moves. The deadline is the server's own word: yellow's first snapshot's <c>clock.at</c> plus red's time left; the
/// outcome is the arrival of <c>over</c> at red, by this machine's clock (the server's, on one machine).
/// </summary>
internal sealed class ClocksGame(Uri uri, Random random, TimeSpan timeout) : SeatClient([uri, uri], random, timeout)
{
    private readonly TaskCompletionSource<DateTimeOffset> _deadline = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(DateTimeOffset At, string? Result, string? Reason)> _over = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Id { get; private set; } = "";

    /// <summary>When red's clock runs out, once yellow's snapshot has told it.</summary>
    public Task<DateTimeOffset> Deadline => _deadline.Task;

    /// <summary>Says hello on both seats, creates the game on an <paramref name="initial"/>+<paramref name="increment"/> clock and joins it; any error answered throws.</summary>
    public async Task StartAsync(int initial, int increment, CancellationToken cancel)
    {
        ThrowIfError(await OpenAndHelloAsync("clocks", cancel), "hello");
        var w = await BeginAsync(Red, cancel);
        var rid = NextRid();
        w.WriteString("type"u8, "create"u8);
        w.WriteNumber("rid"u8, rid);
        w.WriteStartObject("clock"u8);
        w.WriteNumber("initial"u8, initial);
        w.WriteNumber("increment"u8, increment);
        w.WriteEndObject();
        var created = await SendAndWaitAsync(Red, rid, cancel);
        ThrowIfError(created, "create");
        SetGame(created.GameId!);
        Id = Encoding.UTF8.GetString(created.GameId!);

        w = await BeginAsync(Yellow, cancel);
        rid = NextRid();
        w.WriteString("type"u8, "join"u8);
        w.WriteNumber("rid"u8, rid);
        w.WriteString("joinKey"u8, created.JoinKey);
        ThrowIfError(await SendAndWaitAsync(Yellow, rid, cancel), "join");
    }

    /// <summary>Waits for the game's end until <paramref name="limit"/>.</summary>
    public async Task<ClockOutcome> OutcomeAsync(DateTimeOffset limit)
    {
        if (!_deadline.Task.IsCompleted)
        {
            return new ClockOutcome(Id, default, null, null, null, "no snapshot with a running clock");
        }

        var deadline = await _deadline.Task;
        var wait = limit - DateTimeOffset.UtcNow;
        if (await Task.WhenAny(_over.Task, Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero)) != _over.Task)
        {
            return new ClockOutcome(Id, deadline, null, null, null, $"no 'over' by {(limit - deadline).TotalSeconds:0} s after the deadline");
        }

        var (at, result, reason) = await _over.Task;
        return new ClockOutcome(Id, deadline, (at - deadline).TotalMilliseconds, result, reason, null);
    }

    public override void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        var arrived = DateTimeOffset.UtcNow;
        var m = NativeMessage.Read(message);
        if (m.Type is NativeType.Over or NativeType.Game && m.GameId.Length > 0 && m.GameId.SequenceEqual(GameId))
        {
            // Once a game each: read whole, for the fields the shared reader does not know.
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (m.Type == NativeType.Over && socket.Seat == Red)
            {
                _over.TrySetResult((arrived, root.GetProperty("result").GetString(), root.GetProperty("reason").GetString()));
            }
            else if (m.Type == NativeType.Game && socket.Seat == Yellow && Running(root) is { } deadline)
            {
                _deadline.TrySetResult(deadline);
            }

            return;
        }

        base.OnMessage(socket, message, timestamp);
    }

    /// <summary>The deadline a snapshot's clock gives: <c>at</c> plus the running side's time left; null when none runs.</summary>
    private static DateTimeOffset? Running(JsonElement snapshot) =>
        snapshot.TryGetProperty("clock", out var clock) && clock.ValueKind == JsonValueKind.Object
        && clock.GetProperty("running").GetString() is { } running
            ? DateTimeOffset.Parse(clock.GetProperty("at").GetString()!, CultureInfo.InvariantCulture).AddMilliseconds(clock.GetProperty(running).GetInt64())
            : null;
}
