namespace PermShell.Core.Engine;

/// <summary>
/// Membership chains on a live <see cref="PermissionState"/> (plus memberships about to be added), so a write can
/// check each membership without building a snapshot. Chains read like route paths: "bob &gt; developer &gt; staff"
/// means bob is in developer, which is in staff.
/// </summary>
public static class MembershipPaths
{
    /// <summary>
    /// Null when making <paramref name="member"/> a member of <paramref name="group"/> closes no cycle; otherwise the
    /// cycle, member first and last: adding developer to staff while staff is in developer gives [developer, staff, developer].
    /// <paramref name="pending"/> are memberships about to be added; <paramref name="keeps"/>, when given, says which
    /// stored memberships stay (a change set may remove some).
    /// </summary>
    public static IReadOnlyList<string>? Cycle(PermissionState state, string group, string member,
        IReadOnlyCollection<(string Group, string Member)>? pending = null, Func<string, string, bool>? keeps = null)
    {
        if (group == member) return new[] { member, group };
        // The new edge closes a cycle when the group is already inside the member.
        var inside = Chain(state, group, member, pending, keeps);
        return inside is null ? null : inside.Prepend(member).ToList();
    }

    /// <summary>
    /// The shortest chain by which <paramref name="subject"/> is inside <paramref name="group"/> (subject first,
    /// group last; ordinal tie-break), or null when it is not. Breadth-first, so deep nesting cannot overflow.
    /// </summary>
    public static IReadOnlyList<string>? Chain(PermissionState state, string subject, string group,
        IReadOnlyCollection<(string Group, string Member)>? pending = null, Func<string, string, bool>? keeps = null)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal) { [group] = "" };
        var queue = new Queue<string>();
        queue.Enqueue(group);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in MembersOf(state, current, pending, keeps))
            {
                if (!parent.TryAdd(next, current)) continue;
                if (next == subject) return Unwind(parent, subject);
                queue.Enqueue(next);
            }
        }
        return null;
    }

    private static IEnumerable<string> MembersOf(PermissionState state, string group, IReadOnlyCollection<(string Group, string Member)>? pending,
        Func<string, string, bool>? keeps)
    {
        var stored = state.MembersOf(group).Where(m => keeps is null || keeps(group, m)).Order(StringComparer.Ordinal);
        return pending is null ? stored : stored.Concat(pending.Where(p => p.Group == group).Select(p => p.Member));
    }

    // Parent links lead from the subject up to the group, which is exactly the "is in" order.
    private static IReadOnlyList<string> Unwind(Dictionary<string, string> parent, string subject)
    {
        var chain = new List<string>();
        for (var n = subject; n.Length > 0; n = parent[n]) chain.Add(n);
        return chain;
    }
}
