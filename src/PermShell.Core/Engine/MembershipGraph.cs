namespace PermShell.Core.Engine;

/// <summary>
/// Who is directly in what, both ways, over subject ids in ascending order. Besides stored memberships
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
        var containers = new List<int>?[subjects.Count];
        _members = new ChunkedRows<int[]>(subjects.Count, []);

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
        for (var id = 0; id < subjects.Count; id++)
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

        _containers = new ChunkedRows<int[]>(subjects.Count);
        for (var id = 0; id < subjects.Count; id++)
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
    /// This graph after membership changes (no subject added or removed): each change makes its edge present or absent,
    /// in order, in copies of the two arrays of rows that share every untouched row.
    /// </summary>
    public MembershipGraph With(IEnumerable<Change> changes, SubjectIndex subjects)
    {
        ChunkedRows<int[]>.Editor? containers = null;
        ChunkedRows<int[]>.Editor? members = null;
        foreach (var change in changes)
        {
            var (groupName, memberName, present) = change switch
            {
                AddMember c => (c.Group, c.Member, true),
                RemoveMember c => (c.Group, c.Member, false),
                _ => (null, null, false),
            };
            // As in the full build: only real groups have stored members, and only known subjects are members.
            if (groupName is null || !subjects.TryGetId(groupName, out var group) || subjects.KindOf(group) != SubjectKind.Group) continue;
            if (!subjects.TryGetId(memberName!, out var member)) continue;
            members ??= _members.Edit();
            containers ??= _containers.Edit();
            members.Set(group, SortedIds.With(members[group], member, present));
            containers.Set(member, SortedIds.With(containers[member], group, present));
        }
        return new MembershipGraph(containers?.Done() ?? _containers, members?.Done() ?? _members);
    }

    /// <summary>The groups (real or virtual) the subject is directly in.</summary>
    public int[] ContainersOf(int subject) => _containers[subject];

    /// <summary>The subjects directly in the group (real or virtual).</summary>
    public int[] MembersOf(int group) => _members[group];
}
