using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>
/// Reads a whole store into a <see cref="PermissionState"/>: a handful of table scans, never a query per object. The
/// same SQL on every backend (the tables and their column types are the same), so one loader serves them all.
/// </summary>
internal static class StateLoader
{
    /// <summary>The meta row that holds the store's enforcement flag ('1' on; absent or '0' off).</summary>
    public const string EnforcedKey = "enforced";

    public static PermissionState Load(DbConnection connection, DbTransaction tx) => Load(connection, tx, Rows.All);

    /// <summary>
    /// Which rows of the subject, membership and grant tables a load reads (the catalog and the enforcement flag are
    /// always read whole): <see cref="All"/>, or the statements of <see cref="PartialStateLoader"/> with their parameters.
    /// </summary>
    internal sealed record Rows(string Subjects, string Memberships, string Grants, IReadOnlyList<KeyValuePair<string, object>> Parameters)
    {
        public static Rows All { get; } = new(
            "SELECT name, kind, display_name, email, description, is_active, is_superuser FROM subject;",
            "SELECT group_name, member_name FROM membership;",
            "SELECT subject, permission FROM permission_grant;",
            []);
    }

    /// <summary>Reads the catalog and the enforcement flag whole, and the subject, membership and grant rows that <paramref name="rows"/> selects.</summary>
    internal static PermissionState Load(DbConnection connection, DbTransaction tx, Rows rows)
    {
        var permissions = new Dictionary<string, PermissionDefinition>(StringComparer.Ordinal);
        var users = new Dictionary<string, User>(StringComparer.Ordinal);
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var members = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var grants = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var implies = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Read(connection, tx, "SELECT permission, pattern FROM implication ORDER BY permission, position;", r =>
        {
            var name = r.GetString(0);
            if (!implies.TryGetValue(name, out var list)) implies[name] = list = new List<string>();
            list.Add(r.GetString(1));
        });
        Read(connection, tx, "SELECT name, app, model, codename, description FROM permission;", r =>
        {
            var name = r.GetString(0);
            permissions[name] = new PermissionDefinition
            {
                Name = name,
                App = r.GetString(1),
                Model = r.GetString(2),
                CodeName = r.GetString(3),
                Description = r.GetString(4),
                Implies = implies.TryGetValue(name, out var list) ? list : Array.Empty<string>(),
            };
        });
        Read(connection, tx, rows.Subjects, rows.Parameters, r =>
        {
            var name = r.GetString(0);
            switch (r.GetString(1))
            {
                case "user":
                    users[name] = new User
                    {
                        Name = name,
                        DisplayName = r.GetString(2),
                        Email = r.GetString(3),
                        IsActive = r.GetInt64(5) != 0,
                        IsSuperuser = r.GetInt64(6) != 0,
                    };
                    break;
                case "group":
                    groups[name] = new Group { Name = name, Description = r.GetString(4) };
                    break;
            }
        });
        Read(connection, tx, rows.Memberships, rows.Parameters, r => Add(members, r.GetString(0), r.GetString(1)));
        Read(connection, tx, rows.Grants, rows.Parameters, r => Add(grants, r.GetString(0), r.GetString(1)));

        var policyRules = new Dictionary<string, List<PolicyRule>>(StringComparer.Ordinal);
        Read(connection, tx, "SELECT resource, subject, permissions FROM policy_rule ORDER BY resource, position;", r =>
        {
            var resource = r.GetString(0);
            if (!policyRules.TryGetValue(resource, out var list)) policyRules[resource] = list = new List<PolicyRule>();
            list.Add(new PolicyRule(r.GetString(1), PolicyRule.SplitPermissions(r.GetString(2))));
        });
        var policies = new List<PolicySection>();
        Read(connection, tx, "SELECT resource FROM policy_section ORDER BY position;", r =>
        {
            var resource = r.GetString(0);
            policies.Add(new PolicySection(resource, policyRules.TryGetValue(resource, out var rules) ? rules : []));
        });

        // Each table is built in one bulk step into the state's persistent maps.
        var state = new PermissionState();
        state.Permissions.Load(permissions);
        state.Users.Load(users);
        state.Groups.Load(groups);
        state.Members.Load(members.Select(m => KeyValuePair.Create(m.Key, (IReadOnlySet<string>)ReadOnlyNameSet.Adopt(m.Value))));
        state.Grants.Load(grants.Select(g => KeyValuePair.Create(g.Key, (IReadOnlySet<string>)ReadOnlyNameSet.Adopt(g.Value))));
        Read(connection, tx, $"SELECT value FROM meta WHERE key = '{EnforcedKey}';", r => state.IsEnforced = r.GetString(0) == "1");
        state.Policies = policies;
        return state;
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }

    private static void Read(DbConnection connection, DbTransaction tx, string sql, Action<DbDataReader> row) =>
        Read(connection, tx, sql, [], row);

    private static void Read(DbConnection connection, DbTransaction tx, string sql,
        IReadOnlyList<KeyValuePair<string, object>> parameters, Action<DbDataReader> row)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = cmd.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            cmd.Parameters.Add(parameter);
        }
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) row(reader);
    }
}
