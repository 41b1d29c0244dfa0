using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Connect4.Gateway.Auth;

/// <summary>
/// Resume tokens: <c>v1.&lt;payload&gt;.&lt;signature&gt;</c>, where the payload is the player id and an expiry
/// and the signature is HMAC-SHA256 over it with the configured secret. Checking one needs no store, so any
/// gateway with the same secret accepts it, across restarts.
/// </summary>
internal sealed class TokenService
{
    private const string Version = "v1";
    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public TokenService(IOptions<GatewayOptions> options, TimeProvider time, GatewayLog log)
    {
        _lifetime = options.Value.TokenLifetime;
        _time = time;
        if (string.IsNullOrEmpty(options.Value.TokenSecret))
        {
            _key = RandomNumberGenerator.GetBytes(32);
            log.RandomTokenSecret();
        }
        else
        {
            _key = Encoding.UTF8.GetBytes(options.Value.TokenSecret);
        }
    }

    public string Issue(string playerId)
    {
        var expires = _time.GetUtcNow().Add(_lifetime).ToUnixTimeSeconds();
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{playerId}|{expires}"));
        return $"{Version}.{payload}.{Sign(payload)}";
    }

    /// <summary>The player id of a valid token; null and a reason for a forged, altered, malformed or expired one.</summary>
    public string? Validate(string token, out string reason)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            reason = "malformed";
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            reason = "bad signature";
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (FormatException)
        {
            reason = "malformed";
            return null;
        }

        var bar = text.LastIndexOf('|');
        if (bar <= 0 || !long.TryParse(text.AsSpan(bar + 1), out var expires))
        {
            reason = "malformed";
            return null;
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            reason = "expired";
            return null;
        }

        reason = "";
        return text[..bar];
    }

    private string Sign(string payload) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
}
