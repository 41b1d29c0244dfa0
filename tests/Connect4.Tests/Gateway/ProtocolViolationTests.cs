using System.Text;
using Connect4.Tests.Infrastructure;
using static Connect4.Tests.Infrastructure.RawWebSocket;

namespace Connect4.Tests.Gateway;

/// <summary>
/// WebSocket protocol violations (RFC 6455 section 7.4.1) end the connection with a close frame carrying 1002, or 1007
/// for text that is not UTF-8, on both endpoints: never a reset, even when the client has sent more after the bad
/// frame, which the server never reads.
/// </summary>
public sealed class ProtocolViolationTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public static TheoryData<string, string, int> Violations()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var path in new[] { "/ws", "/" })
        {
            data.Add(path, "text that is not UTF-8", 1007);
            data.Add(path, "a reserved bit set", 1002);
            data.Add(path, "an unknown opcode", 1002);
            data.Add(path, "a control frame over 125 bytes", 1002);
            data.Add(path, "an unmasked frame", 1002);
            data.Add(path, "a fragmented control frame", 1002);
            data.Add(path, "a continuation with nothing to continue", 1002);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_protocol_violation_is_answered_with_a_close_frame_not_a_reset(string path, string violation, int code)
    {
        await using var socket = await ConnectAsync(new Uri(_host.HttpUri, path));
        var frame = violation switch
        {
            "text that is not UTF-8" => Frame(0x80 | Text, [(byte)'{', 0xC3, 0x28, (byte)'}']),
            "a reserved bit set" => Frame(0x80 | 0x40 | Text, "{}"u8),
            "an unknown opcode" => Frame(0x80 | 0x3, "{}"u8),
            "a control frame over 125 bytes" => Frame(0x80 | Ping, new byte[126]),
            "an unmasked frame" => Frame(0x80 | Text, "{}"u8, masked: false),
            "a fragmented control frame" => Frame(Ping, "x"u8),
            "a continuation with nothing to continue" => Frame(0x80 | Continuation, "x"u8),
            _ => throw new ArgumentOutOfRangeException(nameof(violation)),
        };

        // The bad frame, then more that the server will never read: closing a socket with unread input resets it.
        var trailing = Frame(0x80 | Text, Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"pad\":\"" + new string('x', 3000) + "\"}"));
        await socket.SendBytesAsync([.. frame, .. trailing, .. trailing]);

        var ending = await socket.WaitEndAsync(TimeSpan.FromSeconds(10));
        Assert.True(ending == RawEnding.CloseFrame, $"{violation} on {path}: the connection ended with {ending}, not a close frame");
        Assert.Equal(code, socket.CloseCode);
    }

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();
}
