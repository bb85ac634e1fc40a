namespace PermShell;

/// <summary>
/// The whole content of a store held in memory: the catalog, users, groups, memberships and grants.
/// The store loads and writes it; the engine indexes a frozen copy of it. Names compare ordinally.
/// </summary>
public sealed class PermissionState
{
    public const string Anonymous = "anonymous";
    public const string Authenticated = "authenticated";

    public Dictionary<string, PermissionDefinition> Permissions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, User> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Group> Groups { get; } = new(StringComparer.Ordinal);
    /// <summary>Group name → names of its direct members (users and groups).</summary>
    public Dictionary<string, HashSet<string>> Members { get; } = new(StringComparer.Ordinal);
    /// <summary>Subject name (user, group, anonymous, authenticated) → permission names granted to it.</summary>
    public Dictionary<string, HashSet<string>> Grants { get; } = new(StringComparer.Ordinal);

    public static bool IsVirtual(string name) => name is Anonymous or Authenticated;

    /// <summary>What the name stands for, or null when it is no subject in this state.</summary>
    public SubjectKind? KindOf(string name) =>
        IsVirtual(name) ? SubjectKind.Virtual
        : Users.ContainsKey(name) ? SubjectKind.User
        : Groups.ContainsKey(name) ? SubjectKind.Group
        : null;

    public IReadOnlySet<string> GrantsOf(string subject) =>
        Grants.TryGetValue(subject, out var set) ? set : EmptySet;

    public IReadOnlySet<string> MembersOf(string group) =>
        Members.TryGetValue(group, out var set) ? set : EmptySet;

    public PermissionState Clone()
    {
        var copy = new PermissionState();
        foreach (var (k, v) in Permissions) copy.Permissions[k] = v;
        foreach (var (k, v) in Users) copy.Users[k] = v;
        foreach (var (k, v) in Groups) copy.Groups[k] = v;
        foreach (var (k, v) in Members) copy.Members[k] = new HashSet<string>(v, StringComparer.Ordinal);
        foreach (var (k, v) in Grants) copy.Grants[k] = new HashSet<string>(v, StringComparer.Ordinal);
        return copy;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>(StringComparer.Ordinal);
}
