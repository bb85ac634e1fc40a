namespace PermShell.Core.Engine;

/// <summary>A set of permission ids, one bit each: per-subject holdings stay small and merge with a few word ORs.</summary>
internal sealed class BitSet
{
    private readonly ulong[] _words;

    public BitSet(int capacity) => _words = new ulong[(capacity + 63) >> 6];

    public static BitSet Full(int count)
    {
        var set = new BitSet(count);
        for (var id = 0; id < count; id++) set.Add(id);
        return set;
    }

    public bool Contains(int id) => (_words[id >> 6] & (1UL << id)) != 0;

    public void Add(int id) => _words[id >> 6] |= 1UL << id;

    // Hot loops of the audit's one pass over every user: compiled optimized at once, not first at tier 0.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void UnionWith(BitSet other)
    {
        for (var i = 0; i < _words.Length; i++) _words[i] |= other._words[i];
    }

    public void Clear() => Array.Clear(_words);

    public bool IsEmpty => Array.TrueForAll(_words, word => word == 0);

    public int Count()
    {
        var count = 0;
        foreach (var word in _words) count += System.Numerics.BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Adds one to <paramref name="counts"/>[id] for every id in the set: the audit's tally, without an enumerator per set.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void CountInto(int[] counts)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var word = _words[i];
            while (word != 0)
            {
                counts[(i << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)]++;
                word &= word - 1;
            }
        }
    }

    /// <summary>The ids in ascending order.</summary>
    public IEnumerable<int> Items()
    {
        for (var i = 0; i < _words.Length; i++)
        {
            var word = _words[i];
            while (word != 0)
            {
                yield return (i << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
    }
}
