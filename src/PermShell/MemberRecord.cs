namespace PermShell;

/// <summary>Builds the GroupMember record of a direct membership.</summary>
internal static class MemberRecord
{
    public static GroupMember Of(PermissionState state, string group, string member) =>
        new(group, member, PermissionState.IsVirtual(member) ? MemberKind.Virtual : state.Groups.ContainsKey(member) ? MemberKind.Group : MemberKind.User, 1, group);
}
