using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Connect4.Tests.Infrastructure;

/// <summary>How a raw connection ended, as the client saw it.</summary>
public enum RawEnding
{
    /// <summary>The server sent a close frame.</summary>
    CloseFrame,

    /// <summary>The stream ended (FIN) with no close frame.</summary>
    EndWithoutClose,

    /// <summary>The connection was reset (RST) before a close frame was read.</summary>
    Reset,

    /// <summary>Nothing ended it within the wait.</summary>
    StillOpen,
}

/// <summary>
/// A WebSocket client over a bare TCP socket, which writes frames byte by byte as the test says, malformed ones
/// included (RFC 6455 section 5.2), and reads the server's frames as they come.
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    public const byte Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    private RawWebSocket(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    /// <summary>The close code of the server's close frame, once one was read.</summary>
    public int? CloseCode { get; private set; }

    /// <summary>Opens a TCP connection, optionally with a small receive buffer, without any HTTP.</summary>
    public static async Task<RawWebSocket> ConnectTcpAsync(Uri uri, int? receiveBufferBytes = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } bytes)
        {
            socket.ReceiveBufferSize = bytes;
        }

        await socket.ConnectAsync(uri.Host, uri.Port);
        return new RawWebSocket(socket);
    }

    /// <summary>Opens a TCP connection and completes the WebSocket handshake on <paramref name="uri"/>'s path.</summary>
    public static async Task<RawWebSocket> ConnectAsync(Uri uri, int? receiveBufferBytes = null)
    {
        var raw = await ConnectTcpAsync(uri, receiveBufferBytes);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await raw.SendBytesAsync(Encoding.ASCII.GetBytes(request));
        var head = await raw.ReadHeadAsync();
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The upgrade was refused: {head}");
        }

        return raw;
    }

    /// <summary>A frame with the given first byte (FIN, RSV and opcode bits), masked unless told otherwise.</summary>
    public static byte[] Frame(byte first, ReadOnlySpan<byte> payload, bool masked = true)
    {
        var length = payload.Length;
        var lengthBytes = length < 126 ? 0 : length <= ushort.MaxValue ? 2 : 8;
        var frame = new byte[2 + lengthBytes + (masked ? 4 : 0) + length];
        frame[0] = first;
        frame[1] = (byte)((masked ? 0x80 : 0) | (lengthBytes == 0 ? length : lengthBytes == 2 ? 126 : 127));
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
        }
        else if (lengthBytes == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)length);
        }

        var at = 2 + lengthBytes;
        if (masked)
        {
            var mask = RandomNumberGenerator.GetBytes(4);
            mask.CopyTo(frame, at);
            at += 4;
            for (var i = 0; i < length; i++)
            {
                frame[at + i] = (byte)(payload[i] ^ mask[i % 4]);
            }
        }
        else
        {
            payload.CopyTo(frame.AsSpan(at));
        }

        return frame;
    }

    /// <summary>A whole, well-formed, masked text message.</summary>
    public Task SendTextAsync(string text) => SendBytesAsync(Frame(0x80 | Text, Encoding.UTF8.GetBytes(text)));

    public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>
    /// The next data frame's payload as text (answering pings on the way), or null when the connection ended or
    /// <paramref name="wait"/> passed; then <see cref="CloseCode"/> or the ending tells why.
    /// </summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var (opcode, payload) = await ReadFrameAsync(timeout.Token);
                switch (opcode)
                {
                    case Text or Binary:
                        return Encoding.UTF8.GetString(payload);
                    case Close:
                        CloseCode = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                        return null;
                    case Ping:
                        await SendBytesAsync(Frame(0x80 | Pong, payload));
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Reads (discarding data frames) until the connection ends or <paramref name="wait"/> passes, and says how it ended.</summary>
    public async Task<RawEnding> WaitEndAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var (opcode, payload) = await ReadFrameAsync(timeout.Token);
                if (opcode == Close)
                {
                    CloseCode = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                    return RawEnding.CloseFrame;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return RawEnding.StillOpen;
        }
        catch (EndOfStreamException)
        {
            return RawEnding.EndWithoutClose;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return RawEnding.Reset;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return RawEnding.Reset;
        }
    }

    /// <summary>Whether the server has ended the TCP connection within <paramref name="wait"/> (anything it sends first is discarded).</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (await _stream.ReadAsync(_buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private async Task<(byte Opcode, byte[] Payload)> ReadFrameAsync(CancellationToken cancel)
    {
        await FillAsync(2, cancel);
        var opcode = (byte)(_buffer[_start] & 0x0F);
        var length = (long)(_buffer[_start + 1] & 0x7F);
        _start += 2;
        if (length == 126)
        {
            await FillAsync(2, cancel);
            length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start));
            _start += 2;
        }
        else if (length == 127)
        {
            await FillAsync(8, cancel);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start));
            _start += 8;
        }

        var payload = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            await FillAsync(1, cancel);
            var take = (int)Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(payload.AsSpan(copied));
            _start += take;
            copied += take;
        }

        return (opcode, payload);
    }

    private async Task<string> ReadHeadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = Encoding.ASCII.GetString(_buffer, _start, _end - _start);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _start += end + 4;
                return text[..end];
            }

            await FillAsync(_end - _start + 1, timeout.Token);
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> unread bytes are buffered.</summary>
    private async Task FillAsync(int count, CancellationToken cancel)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancel);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            _end += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
