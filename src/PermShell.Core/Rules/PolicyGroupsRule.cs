namespace PermShell.Core.Rules;

/// <summary>
/// Judges the policy's [groups] section (<see cref="PolicySection.Groups"/>) for <see cref="PolicySectionRule"/>, as
/// Trac's <c>parse_authz</c> reads it. Errors (PermShell.Policy.InvalidEntry): a group name that is empty, starts with
/// '@', or has characters the file cannot hold; a group twice (Trac's parser refuses it); a member that is empty or
/// has such characters; '@name' for a group the section does not define (Trac fails with a KeyError) and groups that
/// contain themselves through '@' (Trac recurses without end). Warning (PermShell.Policy.UnknownSubject): a member
/// that is no user of the store, for entries the change introduces.
/// </summary>
internal static class PolicyGroupsRule
{
    public static IEnumerable<Problem> Check(RuleContext context, ProposedChange proposed, PolicySection section, PolicySection? before)
    {
        var defined = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var rule in section.Rules)
        {
            if (GroupFault(rule) is { } fault)
            {
                yield return Invalid(proposed, rule, fault, rule.Subject);
                continue;
            }
            if (!defined.TryAdd(rule.Subject, rule.Permissions))
                yield return Invalid(proposed, rule, $"the group {rule.Subject} is defined twice, and Trac refuses such a file", rule.Subject);
        }
        var inReportedCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in section.Rules.Where(r => defined.TryGetValue(r.Subject, out var m) && ReferenceEquals(m, r.Permissions)))
        {
            foreach (var member in rule.Permissions.Where(m => m.StartsWith('@') && m.Length > 1 && !defined.ContainsKey(m[1..])))
                yield return Invalid(proposed, rule, $"{member} names no group of [groups] (Trac stops with an error on it)", member);
            // One problem per cycle, at its first group in the section.
            if (!inReportedCycle.Contains(rule.Subject) && Cycle(rule.Subject, defined) is { } cycle)
            {
                inReportedCycle.UnionWith(cycle.Select(g => g.TrimStart('@')));
                yield return Invalid(proposed, rule, $"the group {rule.Subject} contains itself ({string.Join(" → ", cycle)}), which Trac cannot read", rule.Subject);
            }
            if (before is not null && before.Rules.Contains(rule)) continue;
            foreach (var member in rule.Permissions.Where(m => !m.StartsWith('@')).Distinct(StringComparer.Ordinal))
                if (context.SubjectKindAfter(member) is not (SubjectKind.User or SubjectKind.Virtual))
                    yield return Problem.About(proposed, "PermShell.Policy.UnknownSubject",
                        $"The group {rule.Subject} in [groups] lists {member}, which is no existing user; it takes effect once {member} exists.",
                        member) with { IsWarning = true };
        }
    }

    /// <summary>The [groups] entries once the changes are made (the policy's own groups).</summary>
    public static IReadOnlyList<PolicyRule> GroupsAfter(RuleContext context)
    {
        var policies = context.Before.Policies;
        foreach (var proposed in context.Changes)
            if (proposed.Change is AddPolicy or UpdatePolicy or RemovePolicy) policies = StateChanges.PolicyList(policies, proposed.Change);
        return policies.FirstOrDefault(s => s.IsGroups)?.Rules ?? [];
    }

    private static Problem Invalid(ProposedChange proposed, PolicyRule rule, string fault, string target) =>
        Problem.About(proposed, "PermShell.Policy.InvalidEntry",
            $"The entry '{NameRules.Printable(rule.ToString())}' of [{PolicySection.Groups}] is not valid: {fault}.", target);

    private static string? GroupFault(PolicyRule rule) =>
        rule.Subject.Length == 0 ? "it names no group"
        : rule.Subject.StartsWith('@') ? "a group is defined by its bare name (devs = …) and referred to as @devs"
        : !PolicyFileText.CanBeKey(rule.Subject) ? "the group name has characters a policy file cannot hold"
        : rule.Permissions.Any(m => m.Length == 0 || m == "@" || m.Any(c => char.IsControl(c) || c is ',')) ? "a member is empty, a bare '@', or has a comma or a control character"
        : null;

    /// <summary>A path by which the group reaches itself through '@' members (a, @b, @a), or null.</summary>
    private static List<string>? Cycle(string start, Dictionary<string, IReadOnlyList<string>> groups)
    {
        var stack = new Stack<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        stack.Push([start]);
        while (stack.Count > 0)
        {
            var path = stack.Pop();
            foreach (var member in groups.GetValueOrDefault(path[^1].TrimStart('@')) ?? [])
            {
                if (!member.StartsWith('@')) continue;
                var name = member[1..];
                if (name == start) return [.. path, member];
                if (seen.Add(name)) stack.Push([.. path, member]);
            }
        }
        return null;
    }
}
