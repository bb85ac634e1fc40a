namespace PermShell.Core.Rules;

/// <summary>
/// Nobody removes their own user from an enforced store, superusers included: the change log names actors, and an
/// actor who removed itself would leave the audit trail without the user it names. Another administrator may.
/// </summary>
public sealed class OwnUserRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true } rights) yield break;
        foreach (var proposed in context.Changes)
            if (proposed.Change is RemoveUser c && c.Name == rights.Actor)
                yield return AccessDenied.About(proposed, context, "an actor cannot remove its own user; another administrator must");
    }
}
