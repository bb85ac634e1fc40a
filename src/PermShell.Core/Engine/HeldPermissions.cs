namespace PermShell.Core.Engine;

/// <summary>
/// The set of permissions each subject holds, which is all a check needs. Groups and the virtual
/// subjects are resolved together on first use, in one pass over the membership graph; users are
/// resolved one at a time on first use from their own grants and the sets of their direct groups.
/// </summary>
internal sealed class HeldPermissions
{
    private readonly SubjectIndex _subjects;
    private readonly MembershipGraph _membership;
    private readonly ImplicationGraph _implications;
    private readonly int _permissionCount;
    private readonly Lazy<BitSet?[]> _groups;
    private readonly ChunkedRows<BitSet?> _users;

    public HeldPermissions(SubjectIndex subjects, MembershipGraph membership, ImplicationGraph implications, int permissionCount)
    {
        _subjects = subjects;
        _membership = membership;
        _implications = implications;
        _permissionCount = permissionCount;
        _groups = new Lazy<BitSet?[]>(ResolveGroups, LazyThreadSafetyMode.ExecutionAndPublication);
        _users = new ChunkedRows<BitSet?>(subjects.IdCount);
    }

    private HeldPermissions(SubjectIndex subjects, MembershipGraph membership, ImplicationGraph implications, int permissionCount,
        Lazy<BitSet?[]>? groups, ChunkedRows<BitSet?> users)
    {
        _subjects = subjects;
        _membership = membership;
        _implications = implications;
        _permissionCount = permissionCount;
        _groups = groups ?? new Lazy<BitSet?[]>(ResolveGroups, LazyThreadSafetyMode.ExecutionAndPublication);
        _users = users;
    }

    /// <summary>
    /// The held sets after <paramref name="changes"/>, over the indexes derived with them (<paramref name="delta"/>: the
    /// subjects they removed and added). What the changes cannot reach is kept: the groups' closure unless a group was
    /// added or removed or a group's or a virtual subject's grants or containers changed (then it is resolved again on
    /// first use, and every user's set with it); otherwise each user's cached set except those of the users the changes
    /// name, removed or added. A user's set depends only on its own record, grants and groups, so adding or removing
    /// a user leaves every other set as it was.
    /// </summary>
    public HeldPermissions With(SubjectIndex subjects, MembershipGraph membership, IEnumerable<Change> changes, SubjectIndex.Delta delta)
    {
        var touchedUsers = new List<int>(delta.Removed);
        // A group in or out changes the groups' closure (and the length of its array). Removed ids keep their kind.
        var groupsChanged = delta.Removed.Concat(delta.Added).Any(id => subjects.KindOf(id) != SubjectKind.User);
        foreach (var change in changes)
        {
            var name = change switch
            {
                AddGrant c => c.Subject,
                RemoveGrant c => c.Subject,
                AddMember c => c.Member,
                RemoveMember c => c.Member,
                UpdateUser c => c.Name,
                AddUser c => c.User.Name,
                _ => null,
            };
            if (name is null || !subjects.TryGetId(name, out var id)) continue;
            if (subjects.KindOf(id) == SubjectKind.User) touchedUsers.Add(id);
            else groupsChanged = true;
        }
        if (groupsChanged)
            return new HeldPermissions(subjects, membership, _implications, _permissionCount, null, new ChunkedRows<BitSet?>(subjects.IdCount));

        // The untouched users' cached sets hold in both snapshots, so their chunks are shared (and filled by either).
        if (touchedUsers.Count == 0 && delta.IsEmpty) return new HeldPermissions(subjects, membership, _implications, _permissionCount, _groups, _users);
        var users = _users.Edit(subjects.IdCount);
        foreach (var user in touchedUsers) users.Set(user, null);
        return new HeldPermissions(subjects, membership, _implications, _permissionCount, _groups, users.Done());
    }

    public BitSet Of(int subject)
    {
        if (_subjects.KindOf(subject) != SubjectKind.User) return _groups.Value[subject]!;

        var held = Volatile.Read(ref _users[subject]);
        if (held is not null) return held;
        held = ResolveUser(subject);
        // Racing threads compute equal sets; keeping either is fine.
        Volatile.Write(ref _users[subject], held);
        return held;
    }

    private BitSet ResolveUser(int user)
    {
        var held = new BitSet(_permissionCount);
        ResolveUserInto(user, held);
        return held;
    }

    /// <summary>
    /// Writes what the user holds into <paramref name="held"/>, which must be empty: the audit's pass over every user
    /// reuses one set this way instead of allocating and caching 100,000 of them. A set already cached is copied.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void ResolveUserInto(int user, BitSet held)
    {
        if (Volatile.Read(ref _users[user]) is { } cached)
        {
            held.UnionWith(cached);
            return;
        }
        var record = _subjects.UserOf(user)!;
        if (!record.IsActive) return;
        if (record.IsSuperuser)
        {
            held.UnionWith(BitSet.Full(_permissionCount));
            return;
        }
        AddGrantedWithImplications(user, held);
        var groups = _groups.Value;
        foreach (var container in _membership.ContainersOf(user)) held.UnionWith(groups[container]!);
    }

    /// <summary>A group holds its own grants and everything its containers hold, with every implication.</summary>
    private BitSet?[] ResolveGroups() =>
        ContainerClosure.Resolve(_subjects, _membership, _permissionCount, GrantedWithImplications);

    private BitSet GrantedWithImplications(int subject)
    {
        var set = new BitSet(_permissionCount);
        AddGrantedWithImplications(subject, set);
        return set;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AddGrantedWithImplications(int subject, BitSet set)
    {
        foreach (var granted in _subjects.GrantsOf(subject))
        {
            set.Add(granted);
            set.UnionWith(_implications.Closure(granted));
        }
    }
}
