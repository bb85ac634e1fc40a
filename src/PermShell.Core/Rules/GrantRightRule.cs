namespace PermShell.Core.Rules;

/// <summary>
/// A grant needs PERMISSION_GRANT (or PERMISSION_ADMIN, which implies it in a Trac store and counts on its own
/// anyway), and the actor must hold the permission granted itself, by any route (Trac's rule: "you cannot grant
/// permissions you don't possess"). A meta-permission is held only when held as such (TICKET_ADMIN directly, through a
/// group or through TRAC_ADMIN), so granting one never gives more than the actor has.
/// </summary>
public sealed class GrantRightRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true, IsSuperuser: false } rights) yield break;
        foreach (var proposed in context.Changes)
        {
            if (proposed.Change is not AddGrant c) continue;
            if (!rights.HoldsAny(Rights.Grant, Rights.Admin))
                yield return AccessDenied.About(proposed, context, $"it needs {Rights.Grant} (or {Rights.Admin})");
            else if (!rights.Holds(c.Permission))
                yield return AccessDenied.About(proposed, context, $"it needs {c.Permission} itself: only permissions the actor holds can be granted");
        }
    }
}
