using Connect4.Bench.Common;

namespace Connect4.Bench.Hold;

/// <summary>
/// One idle connection of <c>hold</c>, on a lean <see cref="BenchSocket"/>: no buffer while it waits (its pending
/// zero-byte receive also answers the server's keep-alive pings) and no keep-alives of its own. Once established it
/// expects nothing; a message that comes anyway is counted.
/// </summary>
internal sealed class HeldSocket(int server) : ISocketHandler
{
    private BenchSocket? _socket;
    private byte[]? _hello;
    /// <summary>The first answer, while one is awaited: null when established, else why not.</summary>
    private TaskCompletionSource<string?>? _established;

    /// <summary>The index of the URL this socket went to.</summary>
    public int Server { get; } = server;

    /// <summary>Set when the connection ended without this client asking for it: <c>closed-&lt;code&gt;</c> or <c>connection-lost</c>.</summary>
    public string? Lost { get; private set; }

    /// <summary>Messages that arrived after the connection was established (none are expected).</summary>
    public int Unexpected { get; private set; }

    /// <summary>
    /// Connects through <paramref name="invoker"/> (whose handler binds the source address) and, when
    /// <paramref name="hello"/> is given, sends it and waits for the first message: a <c>welcome</c> from a gateway or
    /// the hello itself from the echo server. Returns null when established, else why not; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancel"/> fires first.
    /// </summary>
    public async Task<string?> OpenAsync(Uri uri, HttpMessageInvoker invoker, byte[]? hello, CancellationToken cancel)
    {
        _socket = new BenchSocket(uri, Server, this, lean: true);
        _hello = hello;
        var established = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _established = hello is null ? null : established;
        var failed = await _socket.TryConnectAsync(invoker, cancel);
        if (failed is not null || hello is null)
        {
            return failed;
        }

        try
        {
            await _socket.SendAsync(hello, cancel);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException)
        {
            return "hello-failed: " + BenchSocket.Innermost(e).Message;
        }

        return await established.Task.WaitAsync(cancel);
    }

    public void OnMessage(BenchSocket socket, ReadOnlySpan<byte> message, long timestamp)
    {
        if (Interlocked.Exchange(ref _established, null) is not { } established)
        {
            Unexpected++;
            return;
        }

        if (message.SequenceEqual(_hello))
        {
            established.TrySetResult(null); // the echo server
            return;
        }

        var m = NativeMessage.Read(message);
        established.TrySetResult(m.Type switch
        {
            NativeType.Welcome => null,
            NativeType.Error => "error-" + ErrorCodes.Of(m.Code),
            _ => "unexpected-reply",
        });
    }

    public void OnLost(BenchSocket socket, string reason)
    {
        Lost = reason;
        Interlocked.Exchange(ref _established, null)?.TrySetResult(reason);
    }

    /// <summary>Closes with 1000 and waits for the server's close (at most <paramref name="timeout"/>, then aborts; at once
    /// with <see cref="TimeSpan.Zero"/>, for a socket that never got established).</summary>
    public Task CloseAsync(TimeSpan timeout) => _socket?.CloseAsync(timeout) ?? Task.CompletedTask;
}
