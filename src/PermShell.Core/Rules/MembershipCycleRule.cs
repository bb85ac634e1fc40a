namespace PermShell.Core.Rules;

/// <summary>
/// No membership added by the changes closes a cycle of groups, counting the stored memberships that survive the
/// changes and the added ones before it. The chain reads like a route: "a &gt; b &gt; a" (a is in b, b is in a).
/// </summary>
/// <remarks>
/// Only a group can close a cycle, so the group graph is built only when a change adds a group to a group, and it
/// holds groups only: a store of 100,000 users in a few groups costs one pass over its memberships.
/// </remarks>
public sealed class MembershipCycleRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        var nesting = context.Changes
            .Where(p => p.Change is AddMember c && (c.Member == c.Group || context.SubjectKindAfter(c.Member) == SubjectKind.Group))
            .ToList();
        if (nesting.Count == 0) yield break;

        var isIn = StoredNesting(context);
        foreach (var proposed in nesting)
        {
            var (group, member) = ((AddMember)proposed.Change) is var c ? (c.Group, c.Member) : default;
            var chain = member == group ? [member, group] : Chain(isIn, group, member);
            if (chain is not null)
            {
                yield return Problem.About(proposed, "PermShell.Group.MembershipCycle",
                    $"'{member}' as a member of '{group}' closes a membership cycle: {string.Join(" > ", chain)}.", member);
                continue;
            }
            Add(isIn, member, group);
        }
    }

    /// <summary>Member group → the groups it is in, as stored and kept by the changes.</summary>
    private static Dictionary<string, List<string>> StoredNesting(RuleContext context)
    {
        var isIn = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (group, members) in context.Before.Members)
            foreach (var member in members)
                if (context.Before.Groups.ContainsKey(member) && context.KeepsMembership(group, member)) Add(isIn, member, group);
        foreach (var list in isIn.Values) list.Sort(StringComparer.Ordinal); // the same chain on every run
        return isIn;
    }

    private static void Add(Dictionary<string, List<string>> isIn, string member, string group)
    {
        if (!isIn.TryGetValue(member, out var list)) isIn[member] = list = new List<string>();
        if (!list.Contains(group, StringComparer.Ordinal)) list.Add(group);
    }

    /// <summary>
    /// When <paramref name="group"/> is already (indirectly) in <paramref name="member"/>, the cycle that putting
    /// member in group closes, member first and last; otherwise null. Breadth-first, so deep nesting cannot overflow.
    /// </summary>
    private static List<string>? Chain(Dictionary<string, List<string>> isIn, string group, string member)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal) { [group] = "" };
        var queue = new Queue<string>([group]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var next in isIn.TryGetValue(current, out var list) ? list : [])
            {
                if (!parent.TryAdd(next, current)) continue;
                if (next == member)
                {
                    var chain = new List<string>();
                    for (var n = next; n.Length > 0; n = parent[n]) chain.Add(n);
                    chain.Reverse();
                    return chain.Prepend(member).ToList();
                }
                queue.Enqueue(next);
            }
        }
        return null;
    }
}
