using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Connect4.Runtime.Messaging;

namespace Connect4.Runtime.Transport;

/// <summary>The kinds of frame on a node-to-node connection.</summary>
internal enum FrameKind : byte
{
    /// <summary>First frame of a dialer: its node id.</summary>
    Hello = 1,
    /// <summary>A call; the receiver answers with a Response of the same correlation id.</summary>
    Request = 2,
    /// <summary>The outcome of a call.</summary>
    Response = 3,
    /// <summary>A call whose caller does not wait: no Response follows.</summary>
    OneWayRequest = 4,
}

/// <summary>How a response reads: a result (or exception), or "not here, ask again elsewhere".</summary>
internal enum ResponseStatus : byte
{
    Completed = 0,
    /// <summary>The receiver does not host the grain (its view differs, or it is leaving): the call did not run.</summary>
    Reroute = 1,
}

/// <summary>
/// The binary form of frames. A frame is <c>[int32 length][byte kind][int64 correlation][body]</c>, little
/// endian, the length counting everything after itself. Strings are a varint byte count and UTF-8.
/// <code>
/// Request body:  type, key, interface, method (strings), deadline (int64 unix ms), arguments (varint length + bytes);
///                the same for OneWayRequest, which gets no Response
/// Response body: status (byte), flags (byte: 1 result, 2 exception), [result bytes], [type, message, properties JSON]
/// </code>
/// </summary>
internal static class WireFormat
{
    public const int HeaderSize = 4 + 1 + 8;

    /// <summary>Frames larger than this are refused: a peer that sends one is broken.</summary>
    public const int MaxFrameSize = 16 * 1024 * 1024;

    public static void WriteHello(IBufferWriter<byte> output, string nodeId)
    {
        var writer = new FrameWriter(output, FrameKind.Hello, 0);
        writer.String(nodeId);
        writer.Finish();
    }

    public static void WriteRequest(IBufferWriter<byte> output, long correlation, InvokeRequest request)
    {
        var writer = new FrameWriter(output, request.OneWay ? FrameKind.OneWayRequest : FrameKind.Request, correlation);
        writer.String(request.Target.Type);
        writer.String(request.Target.Key);
        writer.String(request.Interface);
        writer.String(request.Method);
        writer.Int64(request.Deadline.ToUnixTimeMilliseconds());
        writer.Bytes(request.Arguments);
        writer.Finish();
    }

    public static void WriteResponse(IBufferWriter<byte> output, long correlation, ResponseStatus status, InvokeResponse? response)
    {
        var writer = new FrameWriter(output, FrameKind.Response, correlation);
        writer.Byte((byte)status);
        var flags = (byte)((response?.Result is not null ? 1 : 0) | (response?.Exception is not null ? 2 : 0));
        writer.Byte(flags);
        if (response?.Result is { } result)
        {
            writer.Bytes(result);
        }

        if (response?.Exception is { } exception)
        {
            writer.String(exception.Type);
            writer.String(exception.Message);
            writer.Bytes(exception.Properties is null ? [] : JsonSerializer.SerializeToUtf8Bytes(exception.Properties));
        }

        writer.Finish();
    }

    /// <summary>Reads one whole frame's header off <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out FrameKind kind, out long correlation, out ReadOnlySequence<byte> body)
    {
        kind = default;
        correlation = 0;
        body = default;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length is < 9 or > MaxFrameSize)
        {
            throw new InvalidDataException($"A frame of {length} bytes is not valid.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        var frame = buffer.Slice(4, length);
        Span<byte> head = stackalloc byte[9];
        frame.Slice(0, 9).CopyTo(head);
        kind = (FrameKind)head[0];
        correlation = BinaryPrimitives.ReadInt64LittleEndian(head[1..]);
        body = frame.Slice(9);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    public static string ReadHello(ReadOnlySequence<byte> body)
    {
        var reader = new FrameReader(body);
        return reader.String();
    }

    public static InvokeRequest ReadRequest(ReadOnlySequence<byte> body, bool oneWay = false)
    {
        var reader = new FrameReader(body);
        var target = new GrainId(reader.String(), reader.String());
        var iface = reader.String();
        var method = reader.String();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64());
        return new InvokeRequest(target, iface, method, reader.Bytes(), deadline, oneWay);
    }

    public static (ResponseStatus Status, InvokeResponse Response) ReadResponse(ReadOnlySequence<byte> body)
    {
        var reader = new FrameReader(body);
        var status = (ResponseStatus)reader.Byte();
        var flags = reader.Byte();
        var result = (flags & 1) != 0 ? reader.Bytes() : null;
        RemoteException? exception = null;
        if ((flags & 2) != 0)
        {
            var type = reader.String();
            var message = reader.String();
            var properties = reader.Bytes();
            exception = new RemoteException(type, message,
                properties.Length == 0 ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(properties));
        }

        return (status, new InvokeResponse(result, exception));
    }

    private ref struct FrameWriter
    {
        private readonly IBufferWriter<byte> _output;
        private readonly ArrayBufferWriter<byte> _body;

        public FrameWriter(IBufferWriter<byte> output, FrameKind kind, long correlation)
        {
            _output = output;
            _body = new ArrayBufferWriter<byte>(128);
            var head = _body.GetSpan(9);
            head[0] = (byte)kind;
            BinaryPrimitives.WriteInt64LittleEndian(head[1..], correlation);
            _body.Advance(9);
        }

        public readonly void Byte(byte value)
        {
            _body.GetSpan(1)[0] = value;
            _body.Advance(1);
        }

        public readonly void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_body.GetSpan(8), value);
            _body.Advance(8);
        }

        public readonly void VarInt(int value)
        {
            var v = (uint)value;
            while (v >= 0x80)
            {
                Byte((byte)(v | 0x80));
                v >>= 7;
            }

            Byte((byte)v);
        }

        public readonly void String(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            VarInt(count);
            Encoding.UTF8.GetBytes(value, _body.GetSpan(count));
            _body.Advance(count);
        }

        public readonly void Bytes(ReadOnlySpan<byte> value)
        {
            VarInt(value.Length);
            value.CopyTo(_body.GetSpan(value.Length));
            _body.Advance(value.Length);
        }

        public readonly void Finish()
        {
            var span = _output.GetSpan(4 + _body.WrittenCount);
            BinaryPrimitives.WriteInt32LittleEndian(span, _body.WrittenCount);
            _body.WrittenSpan.CopyTo(span[4..]);
            _output.Advance(4 + _body.WrittenCount);
        }
    }

    private ref struct FrameReader(ReadOnlySequence<byte> body)
    {
        private SequenceReader<byte> _reader = new(body);

        public byte Byte() => _reader.TryRead(out var value) ? value : throw Truncated();

        public long Int64() => _reader.TryReadLittleEndian(out long value) ? value : throw Truncated();

        public int VarInt()
        {
            var result = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Byte();
                result |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return result;
                }
            }

            throw new InvalidDataException("A varint is too long.");
        }

        public string String()
        {
            var length = VarInt();
            if (_reader.Remaining < length)
            {
                throw Truncated();
            }

            var value = Encoding.UTF8.GetString(_reader.UnreadSequence.Slice(0, length));
            _reader.Advance(length);
            return value;
        }

        public byte[] Bytes()
        {
            var length = VarInt();
            if (_reader.Remaining < length)
            {
                throw Truncated();
            }

            var value = _reader.UnreadSequence.Slice(0, length).ToArray();
            _reader.Advance(length);
            return value;
        }

        private static InvalidDataException Truncated() => new("A frame ended early.");
    }
}
