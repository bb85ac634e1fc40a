namespace PermShell.Core.Engine;

/// <summary>
/// Propagates a per-subject set up the membership graph: every group and virtual subject ends with its own set
/// joined with the sets of every group it is in, transitively. Resolution uses it with "grants and their
/// implications" (what a group holds); the audit uses it with "direct grants of real groups" (which groups'
/// grants reach a member). Membership data may contain cycles, so this runs Tarjan's strongly connected
/// components (iteratively): a component's members share one set, and a component is completed only after
/// every component it reaches.
/// </summary>
internal static class ContainerClosure
{
    /// <summary>The propagated set of every non-user subject, by id (users' and removed ids' entries stay null).</summary>
    public static BitSet?[] Resolve(SubjectIndex subjects, MembershipGraph membership, int width, Func<int, BitSet> own)
    {
        var count = subjects.IdCount;
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

        // Removed ids are no roots, and no live subject is in them; the order of roots does not change the sets.
        foreach (var root in subjects.InNameOrder)
        {
            if (subjects.KindOf(root) == SubjectKind.User || index[root] >= 0) continue;
            Visit(root);
            while (work.Count > 0)
            {
                var (node, nextEdge) = work.Pop();
                var containers = membership.ContainersOf(node);
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
                if (lowLink[node] == index[node]) CompleteComponent(node, open, onStack, held, membership, width, own);
            }
        }
        return held;
    }

    private static void CompleteComponent(int root, Stack<int> open, bool[] onStack, BitSet?[] held,
        MembershipGraph membership, int width, Func<int, BitSet> own)
    {
        var component = new List<int>();
        int member;
        do
        {
            member = open.Pop();
            onStack[member] = false;
            component.Add(member);
        } while (member != root);

        var set = new BitSet(width);
        foreach (var node in component)
        {
            set.UnionWith(own(node));
            // Containers outside the component are complete already; those inside are still null.
            foreach (var container in membership.ContainersOf(node))
                if (held[container] is { } outer) set.UnionWith(outer);
        }
        foreach (var node in component) held[node] = set;
    }
}
