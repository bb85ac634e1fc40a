namespace PermShell.Core.Engine;

/// <summary>
/// Names interned to dense ids in ordinal order. Because id order is name order, sorting and
/// tie-breaking on ids gives the ordinal name order the output must follow, at integer cost. Permission names
/// use it: a catalog change indexes a snapshot anew (<see cref="PermissionSnapshot.With"/>), so this always holds for
/// them. Subject names, added and removed by derived snapshots, use <see cref="SubjectNames"/> and compare by rank.
/// </summary>
internal sealed class NameTable
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    public NameTable(IEnumerable<string> names)
    {
        _names = names.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(_names, StringComparer.Ordinal);
        _ids = new Dictionary<string, int>(_names.Length, StringComparer.Ordinal);
        for (var id = 0; id < _names.Length; id++) _ids[_names[id]] = id;
    }

    public int Count => _names.Length;

    public string this[int id] => _names[id];

    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);
}
