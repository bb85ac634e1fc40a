namespace PermShell.Core.Store;

/// <summary>
/// One row of a table that holds the store's content, as <see cref="ContentDigest"/> hashes it: the table and its
/// column values (string or long, as SQLite stores them) in the order <see cref="Tables"/> lists the columns. The
/// writer builds rows from the model; the verifier reads them from the tables; both must give the same values.
/// </summary>
internal readonly record struct StoreRow(string Table, object?[] Values)
{
    /// <summary>The tables of the store's content (not meta, not the log) and their columns, in value order.</summary>
    public static readonly IReadOnlyList<(string Table, string Columns)> Tables =
    [
        ("permission", "name, app, model, codename, description"),
        ("implication", "permission, position, pattern"),
        ("subject", "name, kind, display_name, email, description, is_active, is_superuser"),
        ("membership", "group_name, member_name"),
        ("permission_grant", "subject, permission"),
    ];

    public static StoreRow Permission(PermissionDefinition p) => new("permission", [p.Name, p.App, p.Model, p.CodeName, p.Description]);

    /// <summary>A permission's implication rows: one per pattern, numbered from 0 in order.</summary>
    public static IEnumerable<StoreRow> Implications(PermissionDefinition p) =>
        p.Implies.Select((pattern, position) => new StoreRow("implication", [p.Name, (long)position, pattern]));

    // Columns a user or a group does not set keep the schema's defaults ('' and is_active 1, is_superuser 0).
    public static StoreRow User(User u) => new("subject", [u.Name, "user", u.DisplayName, u.Email, "", Flag(u.IsActive), Flag(u.IsSuperuser)]);

    public static StoreRow Group(Group g) => new("subject", [g.Name, "group", "", "", g.Description, 1L, 0L]);

    /// <summary>anonymous and authenticated, as the schema creates them.</summary>
    public static StoreRow Virtual(string name) => new("subject", [name, "virtual", "", "", "", 1L, 0L]);

    public static StoreRow Member(string group, string member) => new("membership", [group, member]);

    public static StoreRow Grant(string subject, string permission) => new("permission_grant", [subject, permission]);

    private static long Flag(bool value) => value ? 1L : 0L;
}
