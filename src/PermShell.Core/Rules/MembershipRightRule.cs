namespace PermShell.Core.Rules;

/// <summary>
/// A membership is a grant of everything the group holds (nesting and implication included), so adding or removing a
/// member needs the right to do so and every one of the group's permissions. The right is PERMISSION_ADMIN, or
/// PERMISSION_GRANT to add and PERMISSION_REVOKE to remove (Trac: granting a group is a grant), or
/// GROUP_MEMBERS_CHANGE for a group the actor itself belongs to (the Django admin's delegation). Under
/// GROUP_MEMBERS_CHANGE a group member must be one of the actor's groups too: other groups are hidden from it.
/// </summary>
public sealed class MembershipRightRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        if (context.Rights is not { IsActiveUser: true, IsSuperuser: false } rights) yield break;
        foreach (var proposed in context.Changes)
        {
            var (group, member, right) = proposed.Change switch
            {
                AddMember c => (c.Group, c.Member, Rights.Grant),
                RemoveMember c => (c.Group, c.Member, Rights.Revoke),
                _ => (null, null, null),
            };
            if (group is null || member is null || right is null) continue;
            if (Refusal(context, rights, group, member, right) is { } missing)
                yield return AccessDenied.About(proposed, context, missing);
        }
    }

    private static string? Refusal(RuleContext context, ActorRights rights, string group, string member, string right)
    {
        if (!rights.HoldsAny(Rights.Admin, right))
        {
            if (!rights.Holds(Rights.GroupMembersChange))
                return $"it needs {Rights.Admin}, {right} or {Rights.GroupMembersChange}";
            if (!rights.BelongsTo(group))
                return $"{Rights.GroupMembersChange} covers only the groups the actor belongs to, and it is not in {group}";
            if (context.SubjectKindAfter(member) == SubjectKind.Group && !rights.BelongsTo(member))
                return $"{Rights.GroupMembersChange} covers only the groups the actor belongs to, and it is not in {member}, so it may not nest it";
        }
        var missing = rights.MissingOf(group);
        return missing.Count == 0 ? null
            : $"a member of {group} holds {Listed(rights.Outermost(missing))}, and the actor does not hold {(missing.Count == 1 ? "it" : "them")} itself";
    }

    internal static string Listed(IReadOnlyList<string> names) =>
        names.Count <= 5 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more";
}
