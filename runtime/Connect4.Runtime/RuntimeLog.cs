using Microsoft.Extensions.Logging;

namespace Connect4.Runtime;

/// <summary>The runtime's log messages, with stable event ids.</summary>
internal sealed partial class RuntimeLog(ILogger<RuntimeLog> logger)
{
    [LoggerMessage(1000, LogLevel.Debug, "Activated {GrainId}")]
    public partial void Activated(GrainId grainId);

    [LoggerMessage(1001, LogLevel.Warning, "Activation of {GrainId} failed")]
    public partial void ActivationFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1002, LogLevel.Debug, "Deactivated {GrainId} ({Reason})")]
    public partial void Deactivated(GrainId grainId, DeactivationReason reason);

    [LoggerMessage(1003, LogLevel.Warning, "OnDeactivateAsync of {GrainId} ({Reason}) failed")]
    public partial void DeactivationFailed(Exception exception, GrainId grainId, DeactivationReason reason);

    [LoggerMessage(1004, LogLevel.Warning, "A state write of {GrainId} was refused: another activation wrote first; this one ends and the call is retried")]
    public partial void StaleActivation(Exception exception, GrainId grainId);

    [LoggerMessage(1005, LogLevel.Warning, "A timer of {GrainId} failed")]
    public partial void TimerFailed(Exception exception, GrainId grainId);

    [LoggerMessage(1006, LogLevel.Information, "Call {Method} on {GrainId} expired before its turn came and was dropped")]
    public partial void ExpiredCallDropped(string method, GrainId grainId);

    [LoggerMessage(1010, LogLevel.Information, "Silo {NodeId} started")]
    public partial void SiloStarted(string nodeId);

    [LoggerMessage(1011, LogLevel.Information, "Silo {NodeId} stopping: deactivating {Count} activations")]
    public partial void SiloStopping(string nodeId, int count);

    [LoggerMessage(1012, LogLevel.Debug, "Idle collection asked {Count} activations to deactivate")]
    public partial void Collected(int count);
}
