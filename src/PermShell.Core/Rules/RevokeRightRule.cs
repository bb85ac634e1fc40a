namespace PermShell.Core.Rules;

/// <summary>A revoke needs PERMISSION_REVOKE (or PERMISSION_ADMIN), and the actor must hold the permission revoked itself (Trac's rule).</summary>
public sealed class RevokeRightRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true, IsSuperuser: false } rights) yield break;
        foreach (var proposed in context.Changes)
        {
            if (proposed.Change is not RemoveGrant c) continue;
            if (!rights.HoldsAny(Rights.Revoke, Rights.Admin))
                yield return AccessDenied.About(proposed, context, $"it needs {Rights.Revoke} (or {Rights.Admin})");
            else if (!rights.Holds(c.Permission))
                yield return AccessDenied.About(proposed, context, $"it needs {c.Permission} itself: only permissions the actor holds can be revoked");
        }
    }
}
