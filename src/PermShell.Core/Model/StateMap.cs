using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace PermShell;

/// <summary>
/// One table of a <see cref="PermissionState"/> (name → value, ordinal): a persistent map behind a dictionary's
/// familiar members. Every write replaces the root of an immutable tree and shares the untouched entries, so a copy
/// of a whole state is O(1) and a change costs O(log n) (SPEC's 100,000-user stores commit one grant without copying
/// them). Once its state is frozen (a snapshot owns it) every write throws: what a snapshot hands out is read-only.
/// </summary>
public sealed class StateMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    private readonly PermissionState _owner;
    private readonly Func<TValue, TValue>? _normalize;
    private ImmutableDictionary<string, TValue> _items;

    internal StateMap(PermissionState owner, ImmutableDictionary<string, TValue> items, Func<TValue, TValue>? normalize)
    {
        _owner = owner;
        _items = items;
        _normalize = normalize;
    }

    internal ImmutableDictionary<string, TValue> Items => _items;

    public TValue this[string key]
    {
        get => _items[key];
        set => Write(_items.SetItem(key, Normalized(value)));
    }

    public int Count => _items.Count;

    public IEnumerable<string> Keys => _items.Keys;

    public IEnumerable<TValue> Values => _items.Values;

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);

    /// <summary>Adds a new entry; throws, as a dictionary does, when the name is there already.</summary>
    public void Add(string key, TValue value) => Write(_items.Add(key, Normalized(value)));

    /// <summary>Adds the entry unless the name is there already; true when it was added.</summary>
    public bool TryAdd(string key, TValue value)
    {
        if (_items.ContainsKey(key)) return false;
        Add(key, value);
        return true;
    }

    public bool Remove(string key)
    {
        if (!_items.ContainsKey(key)) return false;
        Write(_items.Remove(key));
        return true;
    }

    /// <summary>Replaces the whole table at once (a store's load): one bulk build instead of a write per entry.</summary>
    internal void Load(IEnumerable<KeyValuePair<string, TValue>> entries) =>
        Write(_normalize is null
            ? entries.ToImmutableDictionary(StringComparer.Ordinal)
            : entries.ToImmutableDictionary(e => e.Key, e => _normalize(e.Value), StringComparer.Ordinal));

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private TValue Normalized(TValue value) => _normalize is null ? value : _normalize(value);

    private void Write(ImmutableDictionary<string, TValue> items)
    {
        _owner.ThrowIfFrozen();
        _items = items;
    }
}
