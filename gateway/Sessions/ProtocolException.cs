using System.Text.Json;

namespace Connect4.Gateway.Sessions;

/// <summary>
/// A refused client message: the protocol error code, a message for people, and the message's rid when it could be
/// read (so that the error still answers it).
/// </summary>
internal class ProtocolException(string code, string message, JsonElement? rid = null) : Exception(message)
{
    public string Code { get; } = code;

    public JsonElement? Rid { get; } = rid;

    /// <summary>The same refusal, answering <paramref name="rid"/>.</summary>
    public ProtocolException WithRid(JsonElement? rid) => rid is null ? this : new ProtocolException(Code, Message, rid);
}
