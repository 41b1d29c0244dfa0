namespace Connect4.Gateway.Sessions;

/// <summary>The error codes the gateway itself gives (PROTOCOL.md section 2); the rule codes come from the grains.</summary>
internal static class ErrorCodes
{
    public const string BadJson = "bad-json";
    public const string BadRequest = "bad-request";
    public const string UnknownType = "unknown-type";
    public const string NotAuthenticated = "not-authenticated";
    public const string AuthFailed = "auth-failed";
    public const string RateLimited = "rate-limited";
    public const string Unavailable = "unavailable";
    public const string Internal = "internal";
}
