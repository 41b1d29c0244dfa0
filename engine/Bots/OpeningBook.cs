using System.Buffers.Binary;
using Connect4.Engine.Rules;

namespace Connect4.Engine.Bots;

/// <summary>
/// Exact column scores for the opening positions where solving them takes longer than the bot may think: the
/// positions a perfect bot can meet, as either colour, before its exact search becomes fast. Made offline by
/// <see cref="OpeningBookBuilder"/> (<c>dotnet run -c Release --project bench -- book</c>) and shipped inside
/// this assembly as <c>Bots/opening-book.bin</c>.
/// </summary>
/// <remarks>
/// <para>A position and its mirror image have the same value, so only one of the two is stored: the one with the
/// smaller <see cref="Board.Key"/>; a look-up of the other reflects the scores back.</para>
/// <para>The file: the 8 bytes "C4BOOK" 0x00 0x01 (format 1), a little-endian int32 count, then per position,
/// sorted by key, its little-endian uint64 key and 7 signed bytes, the score of playing each column for the
/// player to move (see <see cref="Solving.Solver"/>), -128 for no score: a full column, or one the book leaves out.
/// Every entry scores at least one best move (of the highest score among the moves that do not lose at once), the
/// one the perfect bot plays; the first positions score every column.</para>
/// </remarks>
public sealed class OpeningBook
{
    private const string ResourceName = "Connect4.Engine.Bots.opening-book.bin";
    private const sbyte NoScore = sbyte.MinValue;
    private const int EntrySize = 8 + Board.Columns;
    private static readonly byte[] Magic = [(byte)'C', (byte)'4', (byte)'B', (byte)'O', (byte)'O', (byte)'K', 0, 1];
    private static readonly Lazy<OpeningBook> ShippedBook = new(LoadShipped);

    private readonly ulong[] _keys;
    private readonly sbyte[] _scores;

    private OpeningBook(ulong[] keys, sbyte[] scores)
    {
        _keys = keys;
        _scores = scores;
    }

    /// <summary>A book with no positions.</summary>
    public static OpeningBook Empty { get; } = new([], []);

    /// <summary>The book built into this assembly (empty when it was built without one).</summary>
    public static OpeningBook Shipped => ShippedBook.Value;

    /// <summary>The number of positions stored (mirror images count once).</summary>
    public int Count => _keys.Length;

    /// <summary>
    /// The score of playing each column in <paramref name="board"/> for the player to move (null for a full
    /// column or one the entry does not score), when the book holds the position or its mirror image.
    /// </summary>
    public bool TryGetScores(Board board, out int?[] scores)
    {
        var (canonical, mirrored) = Canonical(board);
        var index = Array.BinarySearch(_keys, canonical.Key);
        if (index < 0)
        {
            scores = [];
            return false;
        }

        scores = new int?[Board.Columns];
        for (var column = 0; column < Board.Columns; column++)
        {
            var stored = _scores[(index * Board.Columns) + (mirrored ? Board.Columns - 1 - column : column)];
            scores[column] = stored == NoScore ? null : stored;
        }

        return true;
    }

    /// <summary>Makes a book of <paramref name="positions"/>, each with its 7 column scores (null: a full column, or not scored).</summary>
    public static OpeningBook Create(IEnumerable<(Board Board, int?[] Scores)> positions)
    {
        var byKey = new SortedDictionary<ulong, sbyte[]>();
        foreach (var (board, scores) in positions)
        {
            if (scores.Length != Board.Columns)
            {
                throw new ArgumentException("Each position needs one score per column.", nameof(positions));
            }

            var (canonical, mirrored) = Canonical(board);
            var stored = new sbyte[Board.Columns];
            for (var column = 0; column < Board.Columns; column++)
            {
                var score = scores[mirrored ? Board.Columns - 1 - column : column];
                stored[column] = score is { } s ? checked((sbyte)s) : NoScore;
            }

            byKey[canonical.Key] = stored;
        }

        return new OpeningBook([.. byKey.Keys], [.. byKey.Values.SelectMany(s => s)]);
    }

    /// <summary>Writes the book in the format described on the class.</summary>
    public void Write(Stream stream)
    {
        var buffer = new byte[Magic.Length + 4 + (Count * EntrySize)];
        Magic.CopyTo(buffer, 0);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(Magic.Length), Count);
        var offset = Magic.Length + 4;
        for (var i = 0; i < Count; i++, offset += EntrySize)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(offset), _keys[i]);
            for (var column = 0; column < Board.Columns; column++)
            {
                buffer[offset + 8 + column] = unchecked((byte)_scores[(i * Board.Columns) + column]);
            }
        }

        stream.Write(buffer);
    }

    /// <summary>Reads a book written by <see cref="Write"/>; <see cref="InvalidDataException"/> when it is not one.</summary>
    public static OpeningBook Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var data = copy.GetBuffer().AsSpan(0, (int)copy.Length);
        if (data.Length < Magic.Length + 4 || !data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an opening book of format 1 (the file should start with \"C4BOOK\" 0 1).");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(data[Magic.Length..]);
        if (count < 0 || data.Length != Magic.Length + 4 + ((long)count * EntrySize))
        {
            throw new InvalidDataException($"The opening book says it holds {count} positions, but its length is {data.Length} bytes.");
        }

        var keys = new ulong[count];
        var scores = new sbyte[count * Board.Columns];
        var offset = Magic.Length + 4;
        for (var i = 0; i < count; i++, offset += EntrySize)
        {
            keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
            if (i > 0 && keys[i] <= keys[i - 1])
            {
                throw new InvalidDataException($"The opening book's keys are not in increasing order at entry {i}.");
            }

            for (var column = 0; column < Board.Columns; column++)
            {
                scores[(i * Board.Columns) + column] = unchecked((sbyte)data[offset + 8 + column]);
            }
        }

        return new OpeningBook(keys, scores);
    }

    private static OpeningBook LoadShipped()
    {
        using var stream = typeof(OpeningBook).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? Empty : Read(stream);
    }

    private static (Board Board, bool Mirrored) Canonical(Board board)
    {
        var mirror = board.Mirror();
        return mirror.Key < board.Key ? (mirror, true) : (board, false);
    }
}
