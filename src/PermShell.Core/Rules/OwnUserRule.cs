namespace PermShell.Core.Rules;

/// <summary>
/// Nobody removes or renames their own user in an enforced store, superusers included: the change log names actors,
/// and an actor who removed or renamed itself would leave the audit trail naming a user that is not there (and the
/// renamed actor, no longer matching the OS user, would lock itself out). Another administrator may.
/// </summary>
public sealed class OwnUserRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true } rights) yield break;
        foreach (var proposed in context.Changes)
            switch (proposed.Change)
            {
                case RemoveUser c when c.Name == rights.Actor:
                    yield return AccessDenied.About(proposed, context, "an actor cannot remove its own user; another administrator must");
                    break;
                case RenameUser c when c.Before.Name == rights.Actor:
                    yield return AccessDenied.About(proposed, context, "an actor cannot rename its own user; another administrator must");
                    break;
            }
    }
}
