namespace Connect4.Runtime;

/// <summary>
/// Marks a grain interface method whose calls may run while another call of the same activation is
/// awaiting (they do not wait for their turn). Use only for methods that read or touch no mutable state.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>
/// Overrides the call deadline for one grain interface method (the default is
/// <c>RuntimeOptions.ResponseTimeout</c>, 30 s).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>The deadline, parsed from a <see cref="TimeSpan"/> string such as "00:00:05".</summary>
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Marks a constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime supplies state
/// named <paramref name="stateName"/>, read from storage before the grain activates.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}

/// <summary>
/// Marks a grain or observer interface method (returning <see cref="Task"/>) whose caller does not wait: the
/// returned task completes once the call is sent, and no response crosses back. Failures of the callee are not
/// reported to the caller. The call still waits for its turn on the callee.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
