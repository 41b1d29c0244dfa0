using Connect4.Engine.Solving;
namespace Connect4.Tests.Solving;

public class TranspositionTableTests
{
    private const ulong KeyLimit = 1UL << 49;

    private static int ValueFor(ulong key) => (int)(key % 1023) + 1;

    [Fact]
    public void A_slot_only_answers_for_the_key_written_in_it()
    {
        // 1024 slots and 200 000 random keys: every slot is overwritten many times over.
        var table = new TranspositionTable(10);
        var random = new Random(1);
        var keys = new ulong[200_000];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = (ulong)random.NextInt64((long)KeyLimit);
            table.Put(keys[i], ValueFor(keys[i]));
        }

        int hits = 0;
        foreach (ulong key in keys)
        {
            int value = table.Get(key);
            Assert.True(value == 0 || value == ValueFor(key), $"key {key}: {value}");
            hits += value == 0 ? 0 : 1;
        }

        // The last writes are still there: about one per slot.
        Assert.InRange(hits, 500, 1024);
        Assert.Equal(ValueFor(keys[^1]), table.Get(keys[^1]));

        // Keys never written, some of them next to written ones, find nothing.
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(0, table.Get(keys[i] ^ 1UL << random.Next(49)));
        }
    }

    [Fact]
    public void Clear_forgets_everything_including_across_the_generation_wrap()
    {
        var table = new TranspositionTable(10);
        table.Put(42, 7);
        table.Put(0, 9); // the empty board's key
        Assert.Equal(7, table.Get(42));
        Assert.Equal(9, table.Get(0));

        table.Clear();
        Assert.Equal(0, table.Get(42));
        Assert.Equal(0, table.Get(0));

        // Back in the first generation after 2^15 clears for a 2^10 table: the entries written then must
        // not come back, so the wrap has to zero the array.
        var wrapped = new TranspositionTable(10);
        wrapped.Put(42, 7);
        for (int i = 0; i < (1 << 15) - 1; i++)
        {
            wrapped.Clear();
        }

        Assert.Equal(0, wrapped.Get(42));
        wrapped.Put(42, 5);
        Assert.Equal(5, wrapped.Get(42));
    }

    [Fact]
    public void A_fresh_table_is_empty()
    {
        var table = new TranspositionTable(12);
        Assert.Equal(4096, table.Size);
        Assert.Equal(0, table.Get(0));
        Assert.Equal(0, table.Get(KeyLimit - 1));
    }
}
