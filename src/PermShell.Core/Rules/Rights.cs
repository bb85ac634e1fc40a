namespace PermShell.Core.Rules;

/// <summary>
/// The module's own rights (SPEC §5): ordinary catalog permissions, so they are granted, implied and audited like any
/// other. Switching enforcement on adds those the catalog lacks (<see cref="Definitions"/>); a Trac store already has
/// the first three. Superuser status is no permission: it is the user's IsSuperuser flag.
/// </summary>
public static class Rights
{
    /// <summary>Grant permissions the actor itself holds (Trac's rule).</summary>
    public const string Grant = "PERMISSION_GRANT";

    /// <summary>Revoke permissions the actor itself holds.</summary>
    public const string Revoke = "PERMISSION_REVOKE";

    /// <summary>Both of the above, plus the catalog, users, groups and memberships.</summary>
    public const string Admin = "PERMISSION_ADMIN";

    /// <summary>See audits, other users' effective permissions and the log (Alliance Auth's audit_permissions).</summary>
    public const string Audit = "PERMISSION_AUDIT";

    /// <summary>Add and remove members of the groups the actor itself belongs to; other groups stay hidden.</summary>
    public const string GroupMembersChange = "GROUP_MEMBERS_CHANGE";

    /// <summary>How messages name superuser status where a right is missing.</summary>
    public const string Superuser = "superuser status";

    /// <summary>The rights as catalog definitions, as enforcement adds them: PERMISSION_ADMIN implies the grant and revoke rights, as in Trac.</summary>
    public static IReadOnlyList<PermissionDefinition> Definitions { get; } =
    [
        Define(Admin, "Administer permissions, users, groups and memberships", [Grant, Revoke]),
        Define(Audit, "See audits, other users' effective permissions and the change log"),
        Define(Grant, "Grant permissions the actor itself holds"),
        Define(Revoke, "Revoke permissions the actor itself holds"),
        Define(GroupMembersChange, "Add and remove members of the groups the actor belongs to"),
    ];

    private static PermissionDefinition Define(string name, string description, IReadOnlyList<string>? implies = null)
    {
        var (app, codeName) = PermissionNaming.Split(name);
        return new PermissionDefinition { Name = name, App = app, CodeName = codeName, Description = description, Implies = implies ?? [] };
    }
}
