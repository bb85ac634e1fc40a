namespace PermShell.Core.Rules;

/// <summary>
/// Only a superuser gives or takes superuser status, and only a superuser changes a superuser's record, grants or
/// memberships (the Django admin keeps superuser status to superusers): otherwise a PERMISSION_ADMIN could make itself
/// a superuser, or strip one who outranks it.
/// </summary>
public sealed class SuperuserOnlyRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true, IsSuperuser: false } rights) yield break;
        foreach (var proposed in context.Changes)
        {
            var touched = proposed.Change switch
            {
                AddUser c => c.User.IsSuperuser,
                UpdateUser c => c.Before.IsSuperuser || c.After.IsSuperuser,
                RemoveUser c => c.Before.IsSuperuser,
                RenameUser c => c.Before.IsSuperuser,
                AddGrant c => rights.IsSuperuserUser(c.Subject),
                RemoveGrant c => rights.IsSuperuserUser(c.Subject),
                AddMember c => rights.IsSuperuserUser(c.Member),
                RemoveMember c => rights.IsSuperuserUser(c.Member),
                _ => false,
            };
            if (touched) yield return AccessDenied.About(proposed, context, $"it needs {Rights.Superuser}");
        }
    }
}
