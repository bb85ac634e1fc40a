using System.Diagnostics;

namespace PermShell;

/// <summary>What Grant-Permission and Revoke-Permission write with -PassThru for each change: a Grant, or a GroupMember for a membership.</summary>
internal static class GrantRecord
{
    public static object Of(PermissionState state, Change change) => change switch
    {
        AddGrant g => new Grant(g.Subject, state.KindOf(g.Subject)!.Value, g.Permission),
        RemoveGrant g => new Grant(g.Subject, state.KindOf(g.Subject)!.Value, g.Permission),
        AddMember m => MemberRecord.Of(state, m.Group, m.Member),
        RemoveMember m => MemberRecord.Of(state, m.Group, m.Member),
        _ => throw new UnreachableException($"Grant-Permission and Revoke-Permission make no {change.GetType().Name}."),
    };
}
