namespace PermShell.Core.Engine;

/// <summary>
/// Who is directly in what, both ways; each row in the subjects' name order (<see cref="SubjectIndex.Order"/>). Besides stored memberships
/// it holds the implicit ones: every user is in anonymous and in authenticated, and authenticated is in
/// anonymous (it receives everything anonymous has). With those edges one search explains virtual
/// routes exactly like group routes, including groups that anonymous or authenticated are members of.
/// </summary>
internal sealed class MembershipGraph
{
    private readonly ChunkedRows<int[]> _containers;
    private readonly ChunkedRows<int[]> _members;

    public MembershipGraph(PermissionState state, SubjectIndex subjects)
    {
        // Built from scratch, ids are in name order, so sorting ids sorts by name.
        var containers = new List<int>?[subjects.IdCount];
        _members = new ChunkedRows<int[]>(subjects.IdCount, []);

        foreach (var (groupName, memberNames) in state.Members)
        {
            // Only real groups have stored members; anything else in the table is ignored.
            if (!subjects.TryGetId(groupName, out var group) || subjects.KindOf(group) != SubjectKind.Group) continue;
            var members = new List<int>(memberNames.Count);
            foreach (var memberName in memberNames)
            {
                if (!subjects.TryGetId(memberName, out var member)) continue;
                members.Add(member);
                (containers[member] ??= []).Add(group);
            }
            members.Sort();
            _members[group] = members.ToArray();
        }

        var users = new List<int>();
        for (var id = 0; id < subjects.IdCount; id++)
        {
            if (subjects.KindOf(id) != SubjectKind.User) continue;
            users.Add(id);
            var userContainers = containers[id] ??= [];
            userContainers.Add(subjects.Anonymous);
            userContainers.Add(subjects.Authenticated);
        }
        (containers[subjects.Authenticated] ??= []).Add(subjects.Anonymous);
        _members[subjects.Authenticated] = users.ToArray();
        users.Add(subjects.Authenticated);
        users.Sort();
        _members[subjects.Anonymous] = users.ToArray();

        _containers = new ChunkedRows<int[]>(subjects.IdCount);
        for (var id = 0; id < subjects.IdCount; id++)
        {
            var list = containers[id];
            if (list is null) { _containers[id] = []; continue; }
            list.Sort();
            _containers[id] = list.ToArray();
        }
    }

    private MembershipGraph(ChunkedRows<int[]> containers, ChunkedRows<int[]> members)
    {
        _containers = containers;
        _members = members;
    }

    /// <summary>
    /// This graph after <paramref name="changes"/>, over <paramref name="subjects"/> derived with them from
    /// <paramref name="before"/> (<paramref name="delta"/> says which ids that removed and added), in copies of the two
    /// arrays of rows that share every untouched row. A removed subject's edges go, both ways; an added user joins
    /// anonymous and authenticated; each membership a change names is then made present or absent as
    /// <paramref name="after"/> has it. Rows stay in name order: removing or appending ids never reorders the others.
    /// </summary>
    public MembershipGraph With(PermissionState after, IReadOnlyList<Change> changes, SubjectIndex before, SubjectIndex subjects,
        SubjectIndex.Delta delta)
    {
        ChunkedRows<int[]>.Editor? containers = null;
        ChunkedRows<int[]>.Editor? members = null;
        if (!delta.IsEmpty)
        {
            members = _members.Edit(subjects.IdCount);
            containers = _containers.Edit(subjects.IdCount);
            DropRemoved(delta.Removed, before, members, containers);
            AddNew(delta, subjects, members, containers);
        }
        foreach (var (groupName, memberName) in EdgesToSet(after, changes, subjects, delta))
        {
            // As in the full build: only real groups have stored members, and only known subjects are members.
            if (!subjects.TryGetId(groupName, out var group) || subjects.KindOf(group) != SubjectKind.Group) continue;
            if (!subjects.TryGetId(memberName, out var member)) continue;
            var present = after.MembersOf(groupName).Contains(memberName);
            members ??= _members.Edit();
            containers ??= _containers.Edit();
            members.Set(group, SortedIds.With(members[group], member, present, subjects.Order));
            containers.Set(member, SortedIds.With(containers[member], group, present, subjects.Order));
        }
        return new MembershipGraph(containers?.Done() ?? _containers, members?.Done() ?? _members);
    }

    /// <summary>
    /// The memberships to make as <c>after</c> has them: those the changes name, and the stored members of each group
    /// added (a state may hold members for a name before it is a group; the full build reads them too).
    /// </summary>
    private static IEnumerable<(string Group, string Member)> EdgesToSet(PermissionState after, IReadOnlyList<Change> changes,
        SubjectIndex subjects, SubjectIndex.Delta delta)
    {
        foreach (var id in delta.Added)
        {
            if (subjects.KindOf(id) != SubjectKind.Group) continue;
            var group = subjects.NameOf(id);
            foreach (var member in after.MembersOf(group)) yield return (group, member);
        }
        foreach (var change in changes)
        {
            if (change is AddMember add) yield return (add.Group, add.Member);
            else if (change is RemoveMember remove) yield return (remove.Group, remove.Member);
        }
    }

    /// <summary>
    /// Takes each removed id out of the rows of its groups and members (searched by the ranks of <paramref name="before"/>,
    /// which still rank it). Anonymous and authenticated lose a few removed users by binary search, many in one pass
    /// each rather than one copy of their 100,000-long rows per removed user.
    /// </summary>
    private static void DropRemoved(int[] removed, SubjectIndex before, ChunkedRows<int[]>.Editor members, ChunkedRows<int[]>.Editor containers)
    {
        if (removed.Length == 0) return;
        foreach (var id in removed)
        {
            foreach (var container in containers[id])
                if (container != before.Anonymous && container != before.Authenticated)
                    members.Set(container, SortedIds.With(members[container], id, false, before.Order));
            foreach (var member in members[id])
                containers.Set(member, SortedIds.With(containers[member], id, false, before.Order));
            members.Set(id, []);
            containers.Set(id, []);
        }
        var users = removed.Where(id => before.KindOf(id) == SubjectKind.User).ToArray();
        if (users.Length == 0) return;
        foreach (var virtualGroup in new[] { before.Anonymous, before.Authenticated })
        {
            if (users.Length <= 8)
            {
                foreach (var user in users) members.Set(virtualGroup, SortedIds.With(members[virtualGroup], user, false, before.Order));
                continue;
            }
            var gone = users.ToHashSet();
            members.Set(virtualGroup, Array.FindAll(members[virtualGroup], id => !gone.Contains(id)));
        }
    }

    /// <summary>New ids start with no stored membership; a new user is in anonymous and authenticated, as every user is.</summary>
    private static void AddNew(SubjectIndex.Delta delta, SubjectIndex subjects, ChunkedRows<int[]>.Editor members, ChunkedRows<int[]>.Editor containers)
    {
        var users = new List<int>();
        foreach (var id in delta.Added)
        {
            members.Set(id, []);
            if (subjects.KindOf(id) != SubjectKind.User)
            {
                containers.Set(id, []);
                continue;
            }
            int[] virtualGroups = [subjects.Anonymous, subjects.Authenticated];
            Array.Sort(virtualGroups, subjects.Order);
            containers.Set(id, virtualGroups);
            users.Add(id);
        }
        if (users.Count == 0) return;
        users.Sort(subjects.Order);
        foreach (var virtualGroup in new[] { subjects.Anonymous, subjects.Authenticated })
            members.Set(virtualGroup, SortedIds.Merge(members[virtualGroup], users, subjects.Order));
    }

    /// <summary>The groups (real or virtual) the subject is directly in.</summary>
    public int[] ContainersOf(int subject) => _containers[subject];

    /// <summary>The subjects directly in the group (real or virtual).</summary>
    public int[] MembersOf(int group) => _members[group];
}
