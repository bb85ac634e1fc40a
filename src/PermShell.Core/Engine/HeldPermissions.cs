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
    private readonly BitSet?[] _users;

    public HeldPermissions(SubjectIndex subjects, MembershipGraph membership, ImplicationGraph implications, int permissionCount)
    {
        _subjects = subjects;
        _membership = membership;
        _implications = implications;
        _permissionCount = permissionCount;
        _groups = new Lazy<BitSet?[]>(ResolveGroups, LazyThreadSafetyMode.ExecutionAndPublication);
        _users = new BitSet?[subjects.Count];
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
        var record = _subjects.UserOf(user)!;
        if (!record.IsActive) return new BitSet(_permissionCount);
        if (record.IsSuperuser) return BitSet.Full(_permissionCount);

        var held = GrantedWithImplications(user);
        foreach (var container in _membership.ContainersOf(user)) held.UnionWith(_groups.Value[container]!);
        return held;
    }

    /// <summary>
    /// A group holds its own grants and everything its containers hold. Membership data may contain
    /// cycles, so this runs Tarjan's strongly connected components (iteratively): a component's members
    /// hold the same set, and components are completed only after every component they reach.
    /// </summary>
    private BitSet?[] ResolveGroups()
    {
        var count = _subjects.Count;
        var held = new BitSet?[count];
        var index = new int[count];
        var lowLink = new int[count];
        var onStack = new bool[count];
        Array.Fill(index, -1);
        var open = new Stack<int>();
        var work = new Stack<(int Node, int NextEdge)>();
        var counter = 0;

        void Visit(int node)
        {
            index[node] = lowLink[node] = counter++;
            open.Push(node);
            onStack[node] = true;
            work.Push((node, 0));
        }

        for (var root = 0; root < count; root++)
        {
            if (_subjects.KindOf(root) == SubjectKind.User || index[root] >= 0) continue;
            Visit(root);
            while (work.Count > 0)
            {
                var (node, nextEdge) = work.Pop();
                var containers = _membership.ContainersOf(node);
                if (nextEdge < containers.Length)
                {
                    work.Push((node, nextEdge + 1));
                    var container = containers[nextEdge];
                    if (index[container] < 0) Visit(container);
                    else if (onStack[container]) lowLink[node] = Math.Min(lowLink[node], index[container]);
                    continue;
                }
                if (work.Count > 0)
                {
                    var caller = work.Peek().Node;
                    lowLink[caller] = Math.Min(lowLink[caller], lowLink[node]);
                }
                if (lowLink[node] == index[node]) CompleteComponent(node, open, onStack, held);
            }
        }
        return held;
    }

    private void CompleteComponent(int root, Stack<int> open, bool[] onStack, BitSet?[] held)
    {
        var component = new List<int>();
        int member;
        do
        {
            member = open.Pop();
            onStack[member] = false;
            component.Add(member);
        } while (member != root);

        var set = new BitSet(_permissionCount);
        foreach (var node in component)
        {
            set.UnionWith(GrantedWithImplications(node));
            // Containers outside the component are complete already; those inside are still null.
            foreach (var container in _membership.ContainersOf(node))
                if (held[container] is { } outer) set.UnionWith(outer);
        }
        foreach (var node in component) held[node] = set;
    }

    private BitSet GrantedWithImplications(int subject)
    {
        var set = new BitSet(_permissionCount);
        foreach (var granted in _subjects.GrantsOf(subject))
        {
            set.Add(granted);
            set.UnionWith(_implications.Closure(granted));
        }
        return set;
    }
}
