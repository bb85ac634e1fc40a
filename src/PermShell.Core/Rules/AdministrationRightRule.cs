namespace PermShell.Core.Rules;

/// <summary>
/// The catalog, users and groups are PERMISSION_ADMIN's, and even then only within what the actor holds: a permission
/// it defines or changes may imply only permissions it holds (else WIKI_VIEW could be made to imply TRAC_ADMIN), it
/// changes or removes only permissions it holds, and it removes only users and groups whose grants it could revoke.
/// The resource policy is PERMISSION_ADMIN's too, and a section it adds, changes or removes may name (to grant or to
/// deny) only catalog permissions the actor holds: else '[*] me = TRAC_ADMIN' would give it TRAC_ADMIN on every
/// resource. (Where a new section goes is not judged: one placed first can shadow a later section's denial for the
/// subjects it names, as its entries speak first.)
/// A change kind the rights rules do not know yet is PERMISSION_ADMIN's too: a new kind is never an open door.
/// </summary>
public sealed class AdministrationRightRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true, IsSuperuser: false } rights) yield break;
        foreach (var proposed in context.Changes)
        {
            if (proposed.Change is AddGrant or RemoveGrant or AddMember or RemoveMember) continue;
            if (!rights.Holds(Rights.Admin))
            {
                yield return AccessDenied.About(proposed, context, $"it needs {Rights.Admin}");
                continue;
            }
            var missing = proposed.Change switch
            {
                AddPermission c => rights.Missing(Implied(context, c.Definition)),
                UpdatePermission c => rights.Missing(Implied(context, c.After).Append(c.Name)),
                RemovePermission c => rights.Missing([c.Name]),
                RemoveUser c => rights.Missing(context.Before.GrantsOf(c.Name)),
                RemoveGroup c => rights.Missing(context.Before.GrantsOf(c.Name)),
                AddPolicy c => rights.Missing(Named(context, c.Section)),
                UpdatePolicy c => rights.Missing(Named(context, c.Before).Concat(Named(context, c.After))),
                RemovePolicy c => rights.Missing(Named(context, c.Before)),
                // Renames carry grants, memberships and policy entries as they are: nothing new to hold.
                RenameUser or RenameGroup => [],
                _ => [],
            };
            if (missing.Count > 0)
                yield return AccessDenied.About(proposed, context,
                    $"it touches {MembershipRightRule.Listed(rights.Outermost(missing))}, and the actor does not hold {(missing.Count == 1 ? "it" : "them")} itself");
        }
    }

    /// <summary>The catalog permissions a policy section's entries name, granted or denied ('!'); names outside the catalog grant nothing.</summary>
    private static IEnumerable<string> Named(RuleContext context, PolicySection section) =>
        section.Rules.SelectMany(r => r.Permissions).Select(p => p.TrimStart('!')).Where(context.Before.Permissions.ContainsKey);

    /// <summary>The catalog permissions a definition's Implies patterns match (before the changes).</summary>
    private static IEnumerable<string> Implied(RuleContext context, PermissionDefinition definition) =>
        definition.Implies.Count == 0 ? []
        : context.Before.Permissions.Keys.Where(p => definition.Implies.Any(pattern => Engine.ImplicationPattern.Matches(pattern, p)));
}
