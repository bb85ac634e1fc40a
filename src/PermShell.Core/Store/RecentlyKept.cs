namespace PermShell.Core.Store;

/// <summary>
/// What a process keeps open between cmdlet calls for the stores it used a moment ago (a SQLite store's read
/// connection, a PostgreSQL store's connection), by store and snapshot cache, least recently used first out. A call
/// takes its store's value out (no two calls share one) and gives it back when it is done; the one beyond
/// <paramref name="capacity"/> is closed.
/// </summary>
internal sealed class RecentlyKept<T>(int capacity, Action<T> close) where T : class
{
    private readonly object _gate = new();
    private readonly LinkedList<(string Key, SnapshotCache Cache, T Value)> _entries = new();

    /// <summary>The value kept for the store named by <paramref name="key"/> read into <paramref name="cache"/>, taken out; null if none.</summary>
    public T? Take(string key, SnapshotCache cache)
    {
        lock (_gate)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
            {
                if (!Fits(node.Value, key, cache)) continue;
                _entries.Remove(node);
                return node.Value.Value;
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="value"/> for the next call (closing the least recently used beyond the capacity).</summary>
    public void Keep(string key, SnapshotCache cache, T value)
    {
        T? evicted = null;
        lock (_gate)
        {
            _entries.AddFirst((key, cache, value));
            if (_entries.Count > capacity)
            {
                evicted = _entries.Last!.Value.Value;
                _entries.RemoveLast();
            }
        }
        if (evicted is not null) close(evicted);
    }

    /// <summary>Whether a value is kept for the store named by <paramref name="key"/> read into <paramref name="cache"/> (as named: nothing is checked).</summary>
    public bool Has(string key, SnapshotCache cache)
    {
        lock (_gate) return _entries.Any(e => Fits(e, key, cache));
    }

    /// <summary>Whether a value is kept for a store whose key <paramref name="matches"/>, whatever the cache.</summary>
    public bool Any(Func<string, bool> matches)
    {
        lock (_gate) return _entries.Any(e => matches(e.Key));
    }

    /// <summary>Takes out and closes the values kept for the stores whose key <paramref name="matches"/>.</summary>
    public void Drop(Func<string, bool> matches)
    {
        var dropped = new List<T>();
        lock (_gate)
        {
            for (var node = _entries.First; node is not null;)
            {
                var next = node.Next;
                if (matches(node.Value.Key))
                {
                    dropped.Add(node.Value.Value);
                    _entries.Remove(node);
                }
                node = next;
            }
        }
        foreach (var value in dropped) close(value);
    }

    private static bool Fits((string Key, SnapshotCache Cache, T Value) entry, string key, SnapshotCache cache) =>
        ReferenceEquals(entry.Cache, cache) && string.Equals(entry.Key, key, StringComparison.Ordinal);
}
