using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Connect4.Engine.Solving;

/// <summary>
/// The solver's transposition table: 2^bits slots of one <see cref="ulong"/>, direct-mapped, always
/// replace, exact (a slot never answers for a position it was not written for), cleared in O(1).
/// </summary>
/// <remarks>
/// <para>
/// Position keys (Board.Key = current + mask) are below 2^49 (see Board.cs). They are first mixed by
/// h = key * M mod 2^49 with M odd, a bijection of [0, 2^49): the key is recovered from h. The top
/// <c>bits</c> bits of h choose the slot (multiplicative hashing: every key bit influences them), and the
/// slot stores the other 49 - bits bits of h, so the slot index and the stored part together are h,
/// hence the key. Matching the stored part is therefore an exact comparison of keys, with no false hits.
/// </para>
/// <para>
/// A slot, from the low bits up:
/// <code>
///   10 bits          the stored value, 1..1023 (0 never occurs: see Solver's encoding)
///   49 - bits bits   the low part of h
///   5 + bits bits    the generation the entry was written in
/// </code>
/// <see cref="Clear"/> moves to the next generation, and entries of older generations no longer match,
/// so clearing costs nothing. The array is zeroed for real only when the generation counter wraps, after
/// 2^(5 + bits) - 1 clears (over 30 000 for the smallest table, 2^28 for the default). Generation 0 is never current, so the
/// zeroed slots of a fresh table never match.
/// </para>
/// </remarks>
internal struct TranspositionTable
{
    private const int KeyBits = 49;
    private const ulong KeyField = (1UL << KeyBits) - 1;
    private const int ValueBits = 10;
    private const ulong ValueField = (1UL << ValueBits) - 1;

    /// <summary>The odd integer nearest 2^49 / golden ratio (Fibonacci hashing on 49 bits).</summary>
    private const ulong Multiplier = 0x1_3C6E_F372_FE95;

    private readonly ulong[] _slots;
    private readonly int _indexShift;   // 49 - bits: h >> _indexShift is the slot index
    private readonly ulong _restField;  // the low 49 - bits bits of h
    private readonly ulong _generationStep;
    private ulong _generation;          // the current generation, shifted above the rest of h

    public TranspositionTable(int bits)
    {
        _slots = new ulong[1L << bits];
        _indexShift = KeyBits - bits;
        _restField = (1UL << _indexShift) - 1;
        _generationStep = 1UL << _indexShift;
        _generation = _generationStep;

        // Writing the whole table now makes the operating system map its pages at once, rather than one
        // page fault at a time during the first searches (which would slow those down noticeably).
        Array.Fill(_slots, 0UL);
    }

    public readonly int Size => _slots.Length;

    /// <summary>The value stored for <paramref name="key"/> in this generation, or 0 when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Get(ulong key)
    {
        ulong h = (key * Multiplier) & KeyField;
        ulong slot = SlotAt(h);
        return (slot >> ValueBits) == ((h & _restField) | _generation) ? (int)(slot & ValueField) : 0;
    }

    /// <summary>Stores <paramref name="value"/> (1..1023) for <paramref name="key"/>, replacing the slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Put(ulong key, int value)
    {
        ulong h = (key * Multiplier) & KeyField;
        SlotAt(h) = (((h & _restField) | _generation) << ValueBits) | (uint)value;
    }

    /// <summary>
    /// Asks the processor to start loading the slot of <paramref name="key"/> into the cache, without
    /// waiting for it. A table much larger than the caches makes almost every probe a cache miss, and the
    /// search spends most of its time waiting for memory otherwise; the solver prefetches its children's
    /// slots before the work it does ahead of visiting them, which then overlaps the memory latency.
    /// No effect where SSE is not available. A prefetch never faults, so a stale address is harmless
    /// (the table is a large object, which the garbage collector does not move in any case).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void Prefetch(ulong key)
    {
        if (Sse.IsSupported)
        {
            ulong h = (key * Multiplier) & KeyField;
            Sse.Prefetch0(Unsafe.AsPointer(ref SlotAt(h)));
        }
    }

    /// <summary>Forgets every entry.</summary>
    public void Clear()
    {
        // The generation field ends at bit 64 - ValueBits of the tag; reaching that power of two is the wrap.
        _generation += _generationStep;
        if (_generation >> (64 - ValueBits) != 0)
        {
            Array.Clear(_slots);
            _generation = _generationStep;
        }
    }

    // The index h >> (49 - bits) is below 2^bits = _slots.Length because h < 2^49, so the access needs
    // no bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref ulong SlotAt(ulong h) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), (nint)(h >> _indexShift));
}
