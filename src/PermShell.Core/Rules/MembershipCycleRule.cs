using PermShell.Core.Engine;

namespace PermShell.Core.Rules;

/// <summary>
/// No membership added by the changes closes a cycle of groups, counting the stored memberships that survive the
/// changes and the added ones before it. The chain reads like a route: "a &gt; b &gt; a" (a is in b, b is in a).
/// </summary>
/// <remarks>
/// Only a group can close a cycle. The search is the one PermissionSnapshot.FindMembershipCycle and the revoke
/// messages use (MembershipPaths): it starts at the new member and walks down its members, so it costs that
/// member's subtree, not the store.
/// </remarks>
public sealed class MembershipCycleRule : IRule
{
    public IEnumerable<Problem> Check(RuleContext context)
    {
        // Each nesting is judged with the memberships the set keeps and the ones it added before it; the search walks
        // only the new member's own members (MembershipPaths), never the whole store.
        var added = new List<(string Group, string Member)>();
        foreach (var proposed in context.Changes)
        {
            if (proposed.Change is not AddMember { Group: var group, Member: var member }) continue;
            if (member != group && context.SubjectKindAfter(member) != SubjectKind.Group) continue;
            var cycle = MembershipPaths.Cycle(context.Before, group, member, added, context.KeepsMembership);
            if (cycle is not null)
            {
                yield return Problem.About(proposed, "PermShell.Group.MembershipCycle",
                    $"'{member}' as a member of '{group}' closes a membership cycle: {string.Join(" > ", cycle)}.", member);
                continue;
            }
            added.Add((group, member));
        }
    }
}
