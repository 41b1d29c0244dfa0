namespace Connect4.Runtime.Messaging;

/// <summary>
/// A call to a grain or an observer, as it crosses the wire (in-process calls go through the same form, so
/// what works on one node works across nodes).
/// </summary>
/// <param name="Target">The grain or observer called.</param>
/// <param name="Interface">The full name of the grain interface.</param>
/// <param name="Method">The method's key within the interface (see <see cref="InterfaceMethod.Key"/>).</param>
/// <param name="Arguments">The arguments, serialized.</param>
/// <param name="Deadline">When the caller stops waiting; a call that has not started by then is dropped.</param>
/// <param name="OneWay">The caller does not wait: no response is sent back.</param>
public sealed record InvokeRequest(GrainId Target, string Interface, string Method, byte[] Arguments, DateTimeOffset Deadline, bool OneWay = false);

/// <summary>The outcome of a call: a serialized result, or a serialized exception.</summary>
public sealed record InvokeResponse(byte[]? Result, RemoteException? Exception)
{
    public static readonly InvokeResponse Empty = new(null, null);
}

/// <summary>An exception as it crosses the wire: its type, message, and its own public properties as JSON.</summary>
public sealed record RemoteException(string Type, string Message, Dictionary<string, System.Text.Json.JsonElement>? Properties);
