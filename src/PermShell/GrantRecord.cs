using System.Diagnostics;

namespace PermShell;

/// <summary>
/// What Grant-Permission and Revoke-Permission write with -PassThru for each change: a Grant, also for a membership
/// (its Permission is the group, as Get-Permission -IncludeMembership and trac-admin show it), so a mixed call is one
/// table and its output pipes back into Revoke-Permission.
/// </summary>
internal static class GrantRecord
{
    public static Grant Of(PermissionState state, Change change) => change switch
    {
        AddGrant g => Row(state, g.Subject, g.Permission),
        RemoveGrant g => Row(state, g.Subject, g.Permission),
        AddMember m => Row(state, m.Member, m.Group),
        RemoveMember m => Row(state, m.Member, m.Group),
        _ => throw new UnreachableException($"Grant-Permission and Revoke-Permission make no {change.GetType().Name}."),
    };

    private static Grant Row(PermissionState state, string subject, string name) => new(subject, state.KindOf(subject)!.Value, name);
}
