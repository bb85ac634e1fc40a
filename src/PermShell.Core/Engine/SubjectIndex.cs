namespace PermShell.Core.Engine;

/// <summary>
/// Every subject of a state (users, groups, anonymous, authenticated) interned to an id (<see cref="SubjectNames"/>:
/// stable across derived snapshots, ordered by rank), with its kind, its user record and its direct grants as
/// permission ids. Grants of permissions missing from the catalog are dropped here: nobody can hold them.
/// </summary>
internal sealed class SubjectIndex
{
    private readonly SubjectNames _names;
    private readonly ChunkedRows<SubjectKind> _kinds;
    private readonly ChunkedRows<User?> _users;
    private readonly ChunkedRows<int[]> _grants;
    private readonly int _permissionCount;
    private GrantHolders? _grantHolders;

    /// <summary>The subjects a derivation removed (their ids, now tombstones) and added (their new ids).</summary>
    internal sealed record Delta(int[] Removed, int[] Added)
    {
        public static readonly Delta None = new([], []);

        public bool IsEmpty => Removed.Length == 0 && Added.Length == 0;
    }

    public SubjectIndex(PermissionState state, NameTable permissions)
    {
        _names = new SubjectNames(state.Users.Keys.Concat(state.Groups.Keys)
            .Append(PermissionState.Anonymous).Append(PermissionState.Authenticated));
        _kinds = new ChunkedRows<SubjectKind>(_names.IdCount);
        _users = new ChunkedRows<User?>(_names.IdCount);
        _grants = new ChunkedRows<int[]>(_names.IdCount);
        _permissionCount = permissions.Count;
        for (var id = 0; id < _names.IdCount; id++)
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

    private SubjectIndex(SubjectNames names, ChunkedRows<SubjectKind> kinds, ChunkedRows<User?> users, ChunkedRows<int[]> grants,
        int permissionCount, int anonymous, int authenticated)
    {
        _names = names;
        _permissionCount = permissionCount;
        _kinds = kinds;
        _users = users;
        _grants = grants;
        Anonymous = anonymous;
        Authenticated = authenticated;
    }

    /// <summary>
    /// This index after <paramref name="changes"/>, read from <paramref name="after"/>. A user or group the changes
    /// remove loses its id (a tombstone); one they add, or remove and add again, gets a new id; the names, kinds and
    /// per-subject rows are shared, and only the rows of the subjects the changes name are replaced (in copies).
    /// Permission changes are not derived here (see <see cref="PermissionSnapshot.With"/>).
    /// </summary>
    public (SubjectIndex Index, Delta Delta) With(PermissionState after, IReadOnlyList<Change> changes, NameTable permissions)
    {
        var (removed, added) = NamesChanged(after, changes);
        var names = removed.Count == 0 && added.Count == 0 ? _names : _names.With(removed, added);
        var delta = ReferenceEquals(names, _names) ? Delta.None
            : new Delta([.. removed], Enumerable.Range(_names.IdCount, added.Count).ToArray());

        ChunkedRows<SubjectKind>.Editor? kinds = delta.IsEmpty ? null : _kinds.Edit(names.IdCount);
        ChunkedRows<User?>.Editor? users = delta.IsEmpty ? null : _users.Edit(names.IdCount);
        ChunkedRows<int[]>.Editor? grants = delta.IsEmpty ? null : _grants.Edit(names.IdCount);
        var grantsChanged = new List<int>(delta.Removed);
        grantsChanged.AddRange(delta.Added);
        foreach (var id in delta.Removed)
        {
            users!.Set(id, null);
            grants!.Set(id, []);
        }
        foreach (var id in delta.Added)
        {
            var name = names[id];
            var kind = after.KindOf(name)!.Value;
            kinds!.Set(id, kind);
            users!.Set(id, kind == SubjectKind.User ? after.Users[name] : null);
            grants!.Set(id, GrantedIds(after.GrantsOf(name), permissions));
        }

        foreach (var change in changes)
        {
            switch (change)
            {
                case AddGrant or RemoveGrant:
                    var subject = change is AddGrant add ? add.Subject : ((RemoveGrant)change).Subject;
                    if (!names.TryGetId(subject, out var s)) break;
                    (grants ??= _grants.Edit()).Set(s, GrantedIds(after.GrantsOf(subject), permissions));
                    grantsChanged.Add(s);
                    break;
                // Adding a user that exists replaces its record, as an update does.
                case UpdateUser or AddUser:
                    var name = change is UpdateUser update ? update.Name : ((AddUser)change).User.Name;
                    if (!names.TryGetId(name, out var u) || (kinds?[u] ?? _kinds[u]) != SubjectKind.User) break;
                    if (after.Users.TryGetValue(name, out var record)) (users ??= _users.Edit()).Set(u, record);
                    break;
            }
        }
        var index = new SubjectIndex(names, kinds?.Done() ?? _kinds, users?.Done() ?? _users, grants?.Done() ?? _grants,
            _permissionCount, Anonymous, Authenticated);
        // Kept up to date once built: what the changed subjects gained and lost (a large batch builds it anew on first use).
        if (Volatile.Read(ref _grantHolders) is { } holders && grantsChanged.Count <= Math.Max(1024, names.IdCount / 8))
            index._grantHolders = holders.With(this, index, grantsChanged);
        return (index, delta);
    }

    /// <summary>
    /// The live ids the changes remove, and the names they add (in the order first named). A name removed and added
    /// again in one change set is both: its new id starts with no grants or memberships but those of <paramref name="after"/>.
    /// </summary>
    private (List<int> Removed, List<string> Added) NamesChanged(PermissionState after, IReadOnlyList<Change> changes)
    {
        var removed = new List<int>();
        var added = new List<string>();
        var removedNames = changes.Select(c => c switch { RemoveUser r => r.Name, RemoveGroup g => g.Name, _ => null })
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var name = change switch
            {
                AddUser c => c.User.Name,
                AddGroup c => c.Group.Name,
                RemoveUser c => c.Name,
                RemoveGroup c => c.Name,
                _ => null,
            };
            if (name is null || PermissionState.IsVirtual(name) || !seen.Add(name)) continue;
            var live = TryGetId(name, out var id);
            // Removed, or added again as the other kind without a removal: either way its old id and edges go.
            var removedHere = live && (removedNames.Contains(name) || after.KindOf(name) != _kinds[id]);
            if (removedHere) removed.Add(id);
            if ((!live || removedHere) && after.KindOf(name) is SubjectKind.User or SubjectKind.Group) added.Add(name);
        }
        return (removed, added);
    }

    /// <summary>Ids handed out, live or removed: the length a per-id array needs.</summary>
    public int IdCount => _names.IdCount;

    /// <summary>Live subjects.</summary>
    public int Count => _names.Count;

    /// <summary>Ids of removed subjects still taking a slot (see <see cref="SubjectNames"/>).</summary>
    public int RemovedCount => _names.RemovedCount;

    public int Anonymous { get; }
    public int Authenticated { get; }

    /// <summary>The live subject ids in ordinal name order: what every listing over subjects iterates.</summary>
    public IReadOnlyList<int> InNameOrder => _names.InNameOrder;

    /// <summary>Compares subject ids by name (ordinal): the order of rows, layers and tie-breaks.</summary>
    public IComparer<int> Order => _names.Order;

    /// <summary>The place of a live id in <see cref="InNameOrder"/>.</summary>
    public int RankOf(int id) => _names.RankOf(id);

    public string NameOf(int id) => _names[id];

    public bool TryGetId(string name, out int id) => _names.TryGetId(name, out id);

    /// <summary>The subject's kind; a removed id keeps the kind it had.</summary>
    public SubjectKind KindOf(int id) => _kinds[id];

    /// <summary>The user record, or null when the subject is a group or virtual.</summary>
    public User? UserOf(int id) => _users[id];

    /// <summary>Catalog permissions granted directly to the subject, ascending.</summary>
    public int[] GrantsOf(int id) => _grants[id];

    /// <summary>The subjects granted each permission directly (the reverse of <see cref="GrantsOf"/>): built on first use, then derived with the index.</summary>
    public GrantHolders GrantHolders =>
        Volatile.Read(ref _grantHolders) ?? LazyInitializer.EnsureInitialized(ref _grantHolders, () => new GrantHolders(this, _permissionCount));

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
