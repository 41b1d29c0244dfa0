namespace Connect4.Runtime;

/// <summary>A call to an observer whose owner is gone: it was deleted, or its node stopped or died.</summary>
public sealed class ObserverNotAvailableException(string message) : Exception(message);

/// <summary>
/// A state write refused because the stored etag was not the one this activation read: another activation
/// wrote since. The runtime deactivates the activation that got it.
/// </summary>
public sealed class InconsistentStateException(string message) : Exception(message);

/// <summary>
/// A grain call whose exception could not be rebuilt as its own type on the caller's side. It keeps the
/// type name and message of the original.
/// </summary>
public sealed class GrainCallException(string remoteType, string message) : Exception(message)
{
    /// <summary>The full name of the exception type thrown by the grain.</summary>
    public string RemoteType { get; } = remoteType;
}

/// <summary>
/// A storage fault (not a version conflict): the store could not be reached or answered with an error.
/// Carries the grain and state names.
/// </summary>
public sealed class GrainStorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The silo hosting a grain was lost while a call to it was in flight: the call may or may not have run.
/// Callers may retry when the call is safe to repeat.
/// </summary>
public sealed class SiloUnavailableException(string message) : Exception(message);
