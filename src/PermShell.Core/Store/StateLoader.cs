using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>Reads a whole store into a <see cref="PermissionState"/>: a handful of table scans, never a query per object.</summary>
internal static class StateLoader
{
    public static PermissionState Load(SqliteConnection connection, SqliteTransaction tx)
    {
        var state = new PermissionState();
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
            state.Permissions[name] = new PermissionDefinition
            {
                Name = name,
                App = r.GetString(1),
                Model = r.GetString(2),
                CodeName = r.GetString(3),
                Description = r.GetString(4),
                Implies = implies.TryGetValue(name, out var list) ? list : Array.Empty<string>(),
            };
        });
        Read(connection, tx, "SELECT name, kind, display_name, email, description, is_active, is_superuser FROM subject;", r =>
        {
            var name = r.GetString(0);
            switch (r.GetString(1))
            {
                case "user":
                    state.Users[name] = new User
                    {
                        Name = name,
                        DisplayName = r.GetString(2),
                        Email = r.GetString(3),
                        IsActive = r.GetInt64(5) != 0,
                        IsSuperuser = r.GetInt64(6) != 0,
                    };
                    break;
                case "group":
                    state.Groups[name] = new Group { Name = name, Description = r.GetString(4) };
                    break;
            }
        });
        Read(connection, tx, "SELECT group_name, member_name FROM membership;", r => Add(state.Members, r.GetString(0), r.GetString(1)));
        Read(connection, tx, "SELECT subject, permission FROM permission_grant;", r => Add(state.Grants, r.GetString(0), r.GetString(1)));
        return state;
    }

    private static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var set)) map[key] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(value);
    }

    private static void Read(SqliteConnection connection, SqliteTransaction tx, string sql, Action<SqliteDataReader> row)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) row(reader);
    }
}
