namespace PermShell.Core.Engine;

// TEMPORARY STUB (replaced by the engine branch at merge).
public sealed class PermissionSnapshot
{
    public PermissionState State { get; }
    public PermissionSnapshot(PermissionState state) => State = state;
    public bool Check(string subject, string permission) => false;
    public IReadOnlyList<Route> Explain(string subject, string permission) => Array.Empty<Route>();
    public IReadOnlyList<EffectivePermission> Effective(string subject) => Array.Empty<EffectivePermission>();
    public IReadOnlyList<GroupMember> MembersOf(string group, bool recurse) => Array.Empty<GroupMember>();
    public IReadOnlyList<string> GroupsOf(string subject) => Array.Empty<string>();
    public static bool MatchesPattern(string pattern, string name) => false;
}
