namespace PermShell.Core.Engine;

/// <summary>
/// Whether making <c>member</c> a member of <c>group</c> would close a membership cycle, and if so which one.
/// Works on a live <see cref="PermissionState"/> (plus memberships about to be added) so a write can check each
/// membership without building a snapshot.
/// </summary>
public static class MembershipCycle
{
    /// <summary>Null when the membership is fine; else the cycle from the group back to itself: [developer, staff, developer].</summary>
    public static IReadOnlyList<string>? Find(PermissionState state, string group, string member,
        IReadOnlyCollection<(string Group, string Member)>? pending = null)
    {
        if (group == member) return new[] { group, group };
        // Breadth-first down from the member: if the group is among its (transitive) members, the new edge closes a cycle.
        var parent = new Dictionary<string, string>(StringComparer.Ordinal) { [member] = "" };
        var queue = new Queue<string>();
        queue.Enqueue(member);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in MembersOf(state, current, pending))
            {
                if (parent.ContainsKey(next)) continue;
                parent[next] = current;
                if (next == group) return Unwind(parent, group);
                queue.Enqueue(next);
            }
        }
        return null;
    }

    private static IEnumerable<string> MembersOf(PermissionState state, string group, IReadOnlyCollection<(string Group, string Member)>? pending)
    {
        var stored = state.MembersOf(group).Order(StringComparer.Ordinal);
        return pending is null ? stored : stored.Concat(pending.Where(p => p.Group == group).Select(p => p.Member));
    }

    private static IReadOnlyList<string> Unwind(Dictionary<string, string> parent, string group)
    {
        // parent links lead from the group back up to the member; the cycle reads group > member > … > group.
        var chain = new List<string>();
        for (var n = group; n.Length > 0; n = parent[n]) chain.Add(n);
        chain.Reverse();
        chain.Insert(0, group);
        return chain;
    }
}
