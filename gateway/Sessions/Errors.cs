using Connect4.GrainInterfaces;
using Orleans.Persistence.Redis;
using Orleans.Storage;
using StackExchange.Redis;

namespace Connect4.Gateway.Sessions;

/// <summary>How a failed grain call reads to a client.</summary>
internal static class Errors
{
    /// <summary>
    /// Rule violations keep their code; timeouts, storage faults and Orleans' delivery failures are <c>unavailable</c>
    /// (the client may retry); anything else is a bug: <c>internal</c>, with no details.
    /// </summary>
    public static (string Code, string Message, bool IsBug) Classify(Exception error) => error switch
    {
        GameRuleException rule => (rule.Code, rule.Message, false),
        ProtocolException protocol => (protocol.Code, protocol.Message, false),
        _ when IsTransient(error) => (ErrorCodes.Unavailable, "The service could not answer in time; try again.", false),
        _ => (ErrorCodes.Internal, "Something went wrong on the server; nothing was done.", true),
    };

    /// <summary>
    /// A failure of delivery or of the store rather than of the command: a timeout, a silo or gateway lost, a message
    /// rejected, a storage write refused (a stale activation; Orleans deactivated it) or failed. A call that is safe to
    /// repeat may be tried again.
    /// </summary>
    public static bool IsTransient(Exception error) => error is TimeoutException
        or OperationCanceledException
        or OrleansException
        or InconsistentStateException
        or RedisException
        or RedisStorageException;
}
