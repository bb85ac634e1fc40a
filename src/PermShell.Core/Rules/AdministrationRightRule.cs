namespace PermShell.Core.Rules;

/// <summary>
/// The catalog, users and groups are PERMISSION_ADMIN's, and even then only within what the actor holds: a permission
/// it defines or changes may imply only permissions it holds (else WIKI_VIEW could be made to imply TRAC_ADMIN), it
/// changes or removes only permissions it holds, and it removes only users and groups whose grants it could revoke.
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
                _ => [],
            };
            if (missing.Count > 0)
                yield return AccessDenied.About(proposed, context,
                    $"it touches {MembershipRightRule.Listed(rights.Outermost(missing))}, and the actor does not hold {(missing.Count == 1 ? "it" : "them")} itself");
        }
    }

    /// <summary>The catalog permissions a definition's Implies patterns match (before the changes).</summary>
    private static IEnumerable<string> Implied(RuleContext context, PermissionDefinition definition) =>
        definition.Implies.Count == 0 ? []
        : context.Before.Permissions.Keys.Where(p => definition.Implies.Any(pattern => Engine.ImplicationPattern.Matches(pattern, p)));
}
