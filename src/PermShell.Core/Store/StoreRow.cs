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
        ("policy_section", "resource, position"),
        ("policy_rule", "resource, position, subject, permissions"),
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

    /// <summary>The rows of the policy section at <paramref name="position"/>: the section's, then one per entry in order.</summary>
    public static IEnumerable<StoreRow> Policy(PolicySection section, int position)
    {
        yield return new("policy_section", [section.Resource, (long)position]);
        for (var i = 0; i < section.Rules.Count; i++)
            yield return new("policy_rule", [section.Resource, (long)i, section.Rules[i].Subject, PolicyPermissions(section.Rules[i])]);
    }

    /// <summary>All policy rows of an ordered list of sections.</summary>
    public static IEnumerable<StoreRow> Policies(IReadOnlyList<PolicySection> sections) =>
        sections.SelectMany((section, position) => Policy(section, position));

    /// <summary>An entry's permissions as the policy_rule table holds them.</summary>
    public static string PolicyPermissions(PolicyRule rule) => string.Join(",", rule.Permissions);

    /// <summary>
    /// Every row a store with this content holds, as the tables would: what a backend that keeps no tables digests.
    /// </summary>
    public static IEnumerable<StoreRow> Of(PermissionState state)
    {
        yield return Virtual(PermissionState.Anonymous);
        yield return Virtual(PermissionState.Authenticated);
        foreach (var p in state.Permissions.Values)
        {
            yield return Permission(p);
            foreach (var row in Implications(p)) yield return row;
        }
        foreach (var u in state.Users.Values) yield return User(u);
        foreach (var g in state.Groups.Values) yield return Group(g);
        foreach (var (group, members) in state.Members)
            foreach (var member in members) yield return Member(group, member);
        foreach (var (subject, permissions) in state.Grants)
            foreach (var permission in permissions) yield return Grant(subject, permission);
        foreach (var row in Policies(state.Policies)) yield return row;
    }

    /// <summary>The row as one string, equal for equal rows (the record's own equality compares the value array by reference).</summary>
    public string Key() => Table + "\u001f" + string.Join("\u001f", Values.Select(v => v switch
    {
        null => "n",
        long n => "i" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        var other => "t" + other,
    }));

    private static long Flag(bool value) => value ? 1L : 0L;
}
