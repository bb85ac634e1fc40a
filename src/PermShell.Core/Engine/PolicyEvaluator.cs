namespace PermShell.Core.Engine;

/// <summary>
/// The resource policy of one snapshot, evaluated exactly as Trac 1.6's AuthzPolicy
/// (<c>tracopt/perm/authz_policy.py</c>, <c>check_permission</c> and <c>authz_permissions</c>): the sections in order;
/// the first whose pattern matches the descriptor and that has an entry for the subject decides, by its first such
/// entry; an empty entry denies everything; otherwise the entry's runs of denials (<c>!NAME</c>) and grants are read
/// in order, each expanded through the meta-permissions, and the first run that covers the permission denies or
/// grants it. No decision (no section, no entry, no run) leaves the question to the store's grants.
/// </summary>
internal sealed class PolicyEvaluator
{
    private readonly (PolicySection Section, ResourcePattern Pattern)[] _sections;

    public PolicyEvaluator(IReadOnlyList<PolicySection> sections) =>
        _sections = sections.Select(s => (s, new ResourcePattern(s.Resource))).ToArray();

    public bool IsEmpty => _sections.Length == 0;

    /// <summary>The section and entry that speak for the subject on the descriptor, or null when none does.</summary>
    public (PolicySection Section, PolicyRule Rule)? EntryFor(string descriptor, IReadOnlySet<string> keys)
    {
        foreach (var (section, pattern) in _sections)
        {
            if (!pattern.Matches(descriptor)) continue;
            foreach (var rule in section.Rules)
                if (keys.Contains(rule.Subject)) return (section, rule);
        }
        return null;
    }

    /// <summary>
    /// What the entry says about the permission: (true, name) grants it by the entry's name; (false, name) denies it
    /// (name null for the empty entry, which denies everything); null says nothing. <paramref name="covers"/> tells
    /// whether a name of the entry is the permission or implies it.
    /// </summary>
    public static (bool Allowed, string? By)? Verdict(PolicyRule rule, Func<string, bool> covers)
    {
        if (rule.Permissions.Count == 0) return (false, null);
        // Trac groups consecutive names by their '!' and checks each run in turn (itertools.groupby).
        var i = 0;
        while (i < rule.Permissions.Count)
        {
            var deny = rule.Permissions[i].StartsWith('!');
            for (; i < rule.Permissions.Count && rule.Permissions[i].StartsWith('!') == deny; i++)
            {
                var name = deny ? rule.Permissions[i][1..] : rule.Permissions[i];
                if (!covers(name)) continue;
                var by = rule.Permissions[i];
                // A run decides as a whole; the name reported is the first of the run that covers the permission.
                return (!deny, by);
            }
        }
        return null;
    }
}
