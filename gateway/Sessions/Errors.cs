using Connect4.GrainInterfaces;
using Connect4.Runtime;

namespace Connect4.Gateway.Sessions;

/// <summary>How a failed grain call reads to a client.</summary>
internal static class Errors
{
    /// <summary>
    /// Rule violations keep their code; timeouts, storage faults and lost nodes are <c>unavailable</c> (the
    /// client may retry); anything else is a bug: <c>internal</c>, with no details.
    /// </summary>
    public static (string Code, string Message, bool IsBug) Classify(Exception error) => error switch
    {
        GameRuleException rule => (rule.Code, rule.Message, false),
        ProtocolException protocol => (protocol.Code, protocol.Message, false),
        TimeoutException or GrainStorageException or ObserverNotAvailableException or SiloUnavailableException or OperationCanceledException =>
            ("unavailable", "The service could not answer in time; try again.", false),
        GrainCallException { RemoteType: var type } when type.StartsWith("System.TimeoutException", StringComparison.Ordinal) =>
            ("unavailable", "The service could not answer in time; try again.", false),
        _ => ("internal", "Something went wrong on the server; nothing was done.", true),
    };
}
