using System.Buffers;
using System.Text.Json;

namespace Connect4.Gateway.Native;

/// <summary>
/// Writes a small JSON document into a new byte array through a writer and buffer kept per thread, so a document
/// costs its result array and nothing else. (A fresh <see cref="ArrayBufferWriter{T}"/> under a fresh
/// <see cref="Utf8JsonWriter"/> costs two more arrays and the writer, and grows past 4 KB as soon as a document
/// outgrows the writer's first 256 bytes: a welcome with its token does.)
/// </summary>
internal static class JsonBytes
{
    /// <summary>Buffers that grew past this (a rare large document) are not kept.</summary>
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>The bytes <paramref name="body"/> writes (with the default <see cref="JsonWriterOptions"/>).</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        // Taken out while in use, so a nested call (none is expected) gets a scratch of its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            body(scratch.Writer, state);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            scratch.Writer.Reset();
            scratch.Buffer.ResetWrittenCount();
            if (scratch.Buffer.Capacity <= MaxKeptBytes)
            {
                t_scratch = scratch;
            }
        }
    }

    /// <summary>The bytes <paramref name="body"/> writes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> body) => Write(body, static (writer, body) => body(writer));

    private sealed class Scratch
    {
        public Scratch()
        {
            Writer = new Utf8JsonWriter(Buffer);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; }
    }
}
