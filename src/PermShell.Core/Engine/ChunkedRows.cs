namespace PermShell.Core.Engine;

/// <summary>
/// One row per subject id, kept in chunks of 1,024 so that a derived snapshot copies only the chunks its changes
/// touch (8 KiB each) and the short array of chunks, not an array as long as the store (800 KiB at 100,000 subjects).
/// Rows are written in place only while an index is being built, or for a lazily filled cache whose entries are
/// equally valid in every snapshot that shares the chunk; every other change goes through <see cref="Edit"/>.
/// </summary>
internal sealed class ChunkedRows<T>
{
    private const int Shift = 10;
    private const int Size = 1 << Shift;
    private const int Mask = Size - 1;

    private readonly T[][] _chunks;

    public ChunkedRows(int count, T fill = default!)
    {
        _chunks = new T[(count + Mask) >> Shift][];
        for (var c = 0; c < _chunks.Length; c++)
        {
            _chunks[c] = new T[Size];
            if (!EqualityComparer<T>.Default.Equals(fill, default!)) Array.Fill(_chunks[c], fill);
        }
    }

    private ChunkedRows(T[][] chunks) => _chunks = chunks;

    /// <summary>The row of <paramref name="id"/>, by reference (for Volatile reads and writes of cache entries).</summary>
    public ref T this[int id] => ref _chunks[id >> Shift][id & Mask];

    /// <summary>A copy to change: it shares every chunk until a row in it is set.</summary>
    public Editor Edit() => new((T[][])_chunks.Clone());

    /// <summary>
    /// A copy to change with room for at least <paramref name="count"/> rows: ids appended by a derived index get new
    /// chunks (rows default until set); the existing chunks are shared until a row in them is set.
    /// </summary>
    public Editor Edit(int count)
    {
        var needed = (count + Mask) >> Shift;
        if (needed <= _chunks.Length) return Edit();
        var chunks = new T[needed][];
        Array.Copy(_chunks, chunks, _chunks.Length);
        for (var c = _chunks.Length; c < needed; c++) chunks[c] = new T[Size];
        return new Editor(chunks, fresh: _chunks.Length);
    }

    /// <summary>Rows being changed for a derived index; <see cref="Done"/> gives them as new rows.</summary>
    internal sealed class Editor(T[][] chunks, int fresh = int.MaxValue)
    {
        // Chunks from index `fresh` on were made for this copy: nothing else shares them.
        private readonly bool[] _copied = Enumerable.Range(0, chunks.Length).Select(c => c >= fresh).ToArray();

        public T this[int id] => chunks[id >> Shift][id & Mask];

        public void Set(int id, T value)
        {
            var c = id >> Shift;
            if (!_copied[c])
            {
                chunks[c] = (T[])chunks[c].Clone();
                _copied[c] = true;
            }
            chunks[c][id & Mask] = value;
        }

        public ChunkedRows<T> Done() => new(chunks);
    }
}
