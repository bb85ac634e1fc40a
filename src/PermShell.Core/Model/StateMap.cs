using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace PermShell;

/// <summary>
/// One table of a <see cref="PermissionState"/> (name → value, ordinal) behind a dictionary's familiar members, made
/// persistent in two layers: a base dictionary that is never written once shared, and a small immutable overlay of
/// the entries changed since (a removal is an overlay entry too). A copy shares both layers, so copying a whole state
/// is O(1) and a change costs O(log k) in the overlay; reads look in the overlay, then the base, and a store's load
/// builds a plain dictionary. When the overlay outgrows a quarter of the base it is folded into a new base, so the
/// fold's O(n) is paid once per n/4 changes. Once its state is frozen (a snapshot owns it) every write throws.
/// </summary>
public sealed class StateMap<TValue> : IReadOnlyDictionary<string, TValue>
{
    // Values compare by reference: an overlay keeps the very value last written, not an older one equal to it.
    private static readonly ImmutableDictionary<string, Entry> NoChanges =
        ImmutableDictionary<string, Entry>.Empty.WithComparers(StringComparer.Ordinal, SameEntry.Instance);

    private readonly PermissionState _owner;
    private readonly Func<TValue, TValue>? _normalize;
    private Dictionary<string, TValue> _base;
    private ImmutableDictionary<string, Entry> _overlay;
    private int _count;

    /// <summary>A changed entry: its value, or a removal.</summary>
    private readonly record struct Entry(bool Present, TValue Value);

    private sealed class SameEntry : IEqualityComparer<Entry>
    {
        public static readonly SameEntry Instance = new();
        public bool Equals(Entry x, Entry y) => x.Present == y.Present && ReferenceEquals(x.Value, y.Value);
        public int GetHashCode(Entry entry) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(entry.Value);
    }

    internal StateMap(PermissionState owner, Func<TValue, TValue>? normalize)
        : this(owner, normalize, new Dictionary<string, TValue>(StringComparer.Ordinal), NoChanges, 0)
    {
    }

    private StateMap(PermissionState owner, Func<TValue, TValue>? normalize, Dictionary<string, TValue> baseLayer,
        ImmutableDictionary<string, Entry> overlay, int count)
    {
        _owner = owner;
        _normalize = normalize;
        _base = baseLayer;
        _overlay = overlay;
        _count = count;
    }

    /// <summary>This table for another state, sharing both layers (neither is ever written in place).</summary>
    internal StateMap<TValue> CopyFor(PermissionState owner) => new(owner, _normalize, _base, _overlay, _count);

    public TValue this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"'{key}' is not in the table.");
        set => Write(key, new Entry(true, Normalized(value)));
    }

    public int Count => _count;

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<TValue> Values => this.Select(e => e.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_overlay.Count > 0 && _overlay.TryGetValue(key, out var changed))
        {
            value = changed.Value;
            return changed.Present;
        }
        return _base.TryGetValue(key, out value);
    }

    /// <summary>Adds a new entry; throws, as a dictionary does, when the name is there already.</summary>
    public void Add(string key, TValue value)
    {
        if (ContainsKey(key)) throw new ArgumentException($"'{key}' is already in the table.", nameof(key));
        this[key] = value;
    }

    /// <summary>Adds the entry unless the name is there already; true when it was added.</summary>
    public bool TryAdd(string key, TValue value)
    {
        if (ContainsKey(key)) return false;
        this[key] = value;
        return true;
    }

    public bool Remove(string key)
    {
        if (!ContainsKey(key)) return false;
        Write(key, new Entry(false, default!));
        return true;
    }

    /// <summary>Replaces the whole table at once (a store's load): the entries become the base, nothing is layered.</summary>
    internal void Load(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        _owner.ThrowIfFrozen();
        _base = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in entries) _base[key] = Normalized(value);
        _overlay = NoChanges;
        _count = _base.Count;
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator()
    {
        var overlay = _overlay;
        foreach (var entry in _base)
            if (overlay.Count == 0 || !overlay.ContainsKey(entry.Key)) yield return entry;
        foreach (var (key, changed) in overlay)
            if (changed.Present) yield return new KeyValuePair<string, TValue>(key, changed.Value);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private TValue Normalized(TValue value) => _normalize is null ? value : _normalize(value);

    private void Write(string key, Entry entry)
    {
        _owner.ThrowIfFrozen();
        var had = ContainsKey(key);
        _overlay = _overlay.SetItem(key, entry);
        _count += (entry.Present ? 1 : 0) - (had ? 1 : 0);
        if (_overlay.Count > Math.Max(64, _base.Count / 4)) Fold();
    }

    /// <summary>Makes a new base of both layers; the old base stays as it was for whoever shares it.</summary>
    private void Fold()
    {
        var folded = new Dictionary<string, TValue>(_count, StringComparer.Ordinal);
        foreach (var (key, value) in this) folded[key] = value;
        _base = folded;
        _overlay = NoChanges;
    }
}
