namespace PermShell.Core.Engine;

/// <summary>
/// Every subject of a state (users, groups, anonymous, authenticated) interned to an ordinal id,
/// with its kind, its user record and its direct grants as permission ids. Grants of permissions
/// missing from the catalog are dropped here: nobody can hold them.
/// </summary>
internal sealed class SubjectIndex
{
    private readonly NameTable _names;
    private readonly SubjectKind[] _kinds;
    private readonly ChunkedRows<User?> _users;
    private readonly ChunkedRows<int[]> _grants;

    public SubjectIndex(PermissionState state, NameTable permissions)
    {
        _names = new NameTable(state.Users.Keys.Concat(state.Groups.Keys)
            .Append(PermissionState.Anonymous).Append(PermissionState.Authenticated));
        _kinds = new SubjectKind[_names.Count];
        _users = new ChunkedRows<User?>(_names.Count);
        _grants = new ChunkedRows<int[]>(_names.Count);
        for (var id = 0; id < _names.Count; id++)
        {
            var name = _names[id];
            _kinds[id] = state.KindOf(name)!.Value;
            if (_kinds[id] == SubjectKind.User) _users[id] = state.Users[name];
            _grants[id] = GrantedIds(state.GrantsOf(name), permissions);
        }
        _names.TryGetId(PermissionState.Anonymous, out var anonymous);
        _names.TryGetId(PermissionState.Authenticated, out var authenticated);
        Anonymous = anonymous;
        Authenticated = authenticated;
    }

    private SubjectIndex(NameTable names, SubjectKind[] kinds, ChunkedRows<User?> users, ChunkedRows<int[]> grants, int anonymous, int authenticated)
    {
        _names = names;
        _kinds = kinds;
        _users = users;
        _grants = grants;
        Anonymous = anonymous;
        Authenticated = authenticated;
    }

    /// <summary>
    /// This index after grant and user-record changes (no subject added or removed), read from <paramref name="after"/>:
    /// the names and kinds are shared, and of the per-subject arrays only the touched entries are replaced (in copies).
    /// </summary>
    public SubjectIndex With(PermissionState after, IEnumerable<Change> changes, NameTable permissions)
    {
        ChunkedRows<User?>.Editor? users = null;
        ChunkedRows<int[]>.Editor? grants = null;
        foreach (var change in changes)
        {
            switch (change)
            {
                case AddGrant or RemoveGrant:
                    var subject = change is AddGrant add ? add.Subject : ((RemoveGrant)change).Subject;
                    if (!TryGetId(subject, out var s)) break;
                    (grants ??= _grants.Edit()).Set(s, GrantedIds(after.GrantsOf(subject), permissions));
                    break;
                case UpdateUser { Name: var name }:
                    if (!TryGetId(name, out var u) || _kinds[u] != SubjectKind.User) break;
                    if (after.Users.TryGetValue(name, out var record)) (users ??= _users.Edit()).Set(u, record);
                    break;
            }
        }
        return new SubjectIndex(_names, _kinds, users?.Done() ?? _users, grants?.Done() ?? _grants, Anonymous, Authenticated);
    }

    public int Count => _names.Count;
    public int Anonymous { get; }
    public int Authenticated { get; }

    public string NameOf(int id) => _names[id];

    public bool TryGetId(string name, out int id) => _names.TryGetId(name, out id);

    public SubjectKind KindOf(int id) => _kinds[id];

    /// <summary>The user record, or null when the subject is a group or virtual.</summary>
    public User? UserOf(int id) => _users[id];

    /// <summary>Catalog permissions granted directly to the subject, ascending.</summary>
    public int[] GrantsOf(int id) => _grants[id];

    private static int[] GrantedIds(IReadOnlySet<string> granted, NameTable permissions)
    {
        if (granted.Count == 0) return [];
        var ids = new List<int>(granted.Count);
        foreach (var name in granted)
            if (permissions.TryGetId(name, out var id)) ids.Add(id);
        ids.Sort();
        return ids.ToArray();
    }
}
