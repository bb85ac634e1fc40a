using System.Collections;

namespace PermShell;

/// <summary>
/// A set of names (ordinal) that nobody can change: the member and grant sets of a <see cref="PermissionState"/>.
/// A change to one makes a new set (<see cref="With"/>), so states and snapshots that share it never see it move.
/// </summary>
public sealed class ReadOnlyNameSet : IReadOnlySet<string>
{
    public static ReadOnlyNameSet Empty { get; } = new(new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> _names;

    private ReadOnlyNameSet(HashSet<string> names) => _names = names;

    /// <summary>The set itself when it is one already, else an ordinal copy.</summary>
    public static ReadOnlyNameSet Of(IEnumerable<string> names) =>
        names as ReadOnlyNameSet ?? new ReadOnlyNameSet(new HashSet<string>(names, StringComparer.Ordinal));

    /// <summary>Takes <paramref name="names"/> (ordinal) as it is, without a copy: the caller gives it up (a store's load).</summary>
    internal static ReadOnlyNameSet Adopt(HashSet<string> names) =>
        ReferenceEquals(names.Comparer, StringComparer.Ordinal) ? new ReadOnlyNameSet(names) : Of(names);

    /// <summary>A copy with <paramref name="name"/> present or absent; this set when it already is.</summary>
    public ReadOnlyNameSet With(string name, bool present)
    {
        if (_names.Contains(name) == present) return this;
        var copy = new HashSet<string>(_names, StringComparer.Ordinal);
        if (present) copy.Add(name);
        else copy.Remove(name);
        return new ReadOnlyNameSet(copy);
    }

    public int Count => _names.Count;
    public bool Contains(string item) => _names.Contains(item);
    public bool IsProperSubsetOf(IEnumerable<string> other) => _names.IsProperSubsetOf(other);
    public bool IsProperSupersetOf(IEnumerable<string> other) => _names.IsProperSupersetOf(other);
    public bool IsSubsetOf(IEnumerable<string> other) => _names.IsSubsetOf(other);
    public bool IsSupersetOf(IEnumerable<string> other) => _names.IsSupersetOf(other);
    public bool Overlaps(IEnumerable<string> other) => _names.Overlaps(other);
    public bool SetEquals(IEnumerable<string> other) => _names.SetEquals(other);
    public HashSet<string>.Enumerator GetEnumerator() => _names.GetEnumerator();
    IEnumerator<string> IEnumerable<string>.GetEnumerator() => _names.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _names.GetEnumerator();
}
