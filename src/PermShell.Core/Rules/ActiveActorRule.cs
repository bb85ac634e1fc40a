namespace PermShell.Core.Rules;

/// <summary>
/// In an enforced store the actor must be an active PermShell user: an identity the store does not know, or a
/// deactivated one, may change nothing (SPEC §5).
/// </summary>
public sealed class ActiveActorRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: false } rights) yield break;
        var what = context.Before.Users.ContainsKey(rights.Actor) ? "the user is not active" : "no PermShell user has that name";
        foreach (var proposed in context.Changes)
            yield return AccessDenied.About(proposed, context, $"it must be an active PermShell user, and {what}");
    }
}
