namespace PermShell.Core.Rules;

/// <summary>
/// Judges every resource-policy section a change adds or rewrites. Errors: a pattern that cannot be a section header
/// (empty, white space around it, control characters, or <c>groups</c>, which Trac's file keeps for its groups); an
/// entry without a subject, a bare <c>@</c> or <c>!</c>; a subject twice in one section and a pattern twice in the
/// policy (Trac's parser refuses both); an update or removal of a section that is not there. Warnings, as Trac logs
/// them and goes on: a permission that is not in the catalog, and a user or group (<c>@name</c>) that does not exist,
/// since a policy may name who is added later. Only the entries a change introduces are judged. A user or group rename
/// takes its entries along, so it is refused where a section already has an entry for the new name.
/// </summary>
public sealed class PolicySectionRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        var policies = context.Before.Policies.Select(p => p.Resource).ToHashSet(StringComparer.Ordinal);
        foreach (var proposed in context.Changes)
        {
            switch (proposed.Change)
            {
                case AddPolicy c:
                    if (!policies.Add(c.Resource))
                    {
                        yield return Problem.About(proposed, "PermShell.Policy.Exists",
                            $"The policy already has a section [{c.Resource}]; change its entries instead (Set-PermissionPolicy), since Trac's file allows one section per pattern.", c.Resource);
                        continue;
                    }
                    foreach (var problem in Section(context, proposed, c.Section, null)) yield return problem;
                    break;
                case UpdatePolicy c:
                    if (!policies.Contains(c.Resource)) yield return Missing(proposed, c.Resource);
                    else foreach (var problem in Section(context, proposed, c.After, c.Before)) yield return problem;
                    break;
                case RemovePolicy c:
                    if (!policies.Remove(c.Resource)) yield return Missing(proposed, c.Resource);
                    break;
                case RenameUser c:
                    foreach (var problem in RenameCollisions(context, proposed, c.Name, c.NewName)) yield return problem;
                    break;
                case RenameGroup c:
                    foreach (var problem in RenameCollisions(context, proposed, "@" + c.Name, "@" + c.NewName)) yield return problem;
                    break;
            }
        }
    }

    /// <summary>
    /// A rename carries the policy entries for the old name to the new one (see <see cref="StateChanges"/>); a section
    /// that already has an entry for the new name would then have two, so the rename is refused until one goes.
    /// </summary>
    private static IEnumerable<Problem> RenameCollisions(RuleContext context, ProposedChange proposed, string subject, string newSubject) =>
        context.Before.Policies
            .Where(section => section.Rules.Any(r => r.Subject == subject) && section.Rules.Any(r => r.Subject == newSubject))
            .Select(section => Problem.About(proposed, "PermShell.Policy.InvalidEntry",
                $"[{section.Resource}] has entries for both {subject} and {newSubject}; the rename would carry the first to {newSubject} and leave the section two entries for it. Change or remove one of them first (Set-PermissionPolicy).",
                newSubject));

    /// <summary>Why a text cannot be a section's pattern, or null when it can.</summary>
    public static string? PatternFault(string pattern) =>
        pattern.Length == 0 ? "it is empty"
        : pattern.Trim().Length != pattern.Length ? "it has white space around it"
        : pattern.Any(char.IsControl) ? "it has control characters"
        : pattern == "groups" ? "[groups] holds the groups of Trac's policy file, not a resource"
        : null;

    private static Problem Missing(ProposedChange proposed, string resource) =>
        Problem.About(proposed, "PermShell.Policy.NotFound", NotFoundMessage(resource), resource);

    /// <summary>The one wording of PermShell.Policy.NotFound, for the rule and for the cmdlets that look a section up.</summary>
    public static string NotFoundMessage(string resource) => $"The policy has no section [{resource}].";

    private static IEnumerable<Problem> Section(RuleContext context, ProposedChange proposed, PolicySection section, PolicySection? before)
    {
        if (PatternFault(section.Resource) is { } fault)
        {
            yield return Problem.About(proposed, "PermShell.Policy.InvalidPattern",
                $"'{NameRules.Printable(section.Resource)}' is not a valid resource pattern: {fault}.", section.Resource);
            yield break;
        }
        var subjects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in section.Rules)
        {
            if (EntryFault(rule) is { } entryFault)
            {
                yield return Problem.About(proposed, "PermShell.Policy.InvalidEntry",
                    $"The entry '{NameRules.Printable(rule.ToString())}' of [{section.Resource}] is not valid: {entryFault}.", rule.Subject);
                continue;
            }
            if (!subjects.Add(rule.Subject))
            {
                yield return Problem.About(proposed, "PermShell.Policy.InvalidEntry",
                    $"[{section.Resource}] has two entries for {rule.Subject}; only the first would ever be read, and Trac refuses such a file.", rule.Subject);
                continue;
            }
            if (before is not null && before.Rules.Contains(rule)) continue;
            if (UnknownSubject(context, rule.Subject) is { } name)
                yield return Problem.About(proposed, "PermShell.Policy.UnknownSubject",
                    $"The entry for {rule.Subject} in [{section.Resource}] names no existing {(rule.Subject.StartsWith('@') ? "group" : "user or group")}; it takes effect once {name} exists.{context.Hint(name, context.SubjectsAfter)}",
                    rule.Subject) with { IsWarning = true };
            foreach (var permission in rule.Permissions.Select(p => p.TrimStart('!')).Distinct(StringComparer.Ordinal))
                if (!context.IsPermissionAfter(permission))
                    yield return Problem.About(proposed, "PermShell.Policy.UnknownPermission",
                        $"The action {permission} in the [{section.Resource}] section is not a valid action.{context.Hint(permission, context.PermissionsAfter)}",
                        permission) with { IsWarning = true };
        }
    }

    private static string? EntryFault(PolicyRule rule) =>
        rule.Subject.Length == 0 ? "it names no subject"
        : rule.Subject == "@" ? "'@' names no group"
        : rule.Subject.Any(c => char.IsControl(c) || c is '=' or ',') || rule.Subject.Trim().Length != rule.Subject.Length ? "the subject has characters a policy file cannot hold"
        : rule.Permissions.Any(p => p.Length == 0 || p == "!" || p.Any(c => char.IsControl(c) || c is ',' or ' ')) ? "a permission is empty or has a space, a comma or a control character"
        : null;

    /// <summary>The user or group an entry names that does not exist once the changes are made; null for *, anonymous, authenticated and existing ones.</summary>
    private static string? UnknownSubject(RuleContext context, string subject)
    {
        if (subject is "*" or PermissionState.Anonymous or PermissionState.Authenticated) return null;
        var group = subject.StartsWith('@');
        var name = group ? subject[1..] : subject;
        var kind = context.SubjectKindAfter(name);
        return kind is null || (group && kind == SubjectKind.User) ? name : null;
    }
}
