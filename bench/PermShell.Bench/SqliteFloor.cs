using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PermShell.Bench;

/// <summary>
/// The floors: what SQLite itself needs for each question, on a lean schema of our own (integer ids, one table per
/// relation, covering indexes) written by plain prepared statements, answered by one SQL statement each. No change
/// log, no validation, no objects: the least work any SQLite-backed permission store can do.
/// </summary>
internal sealed class SqliteFloor : IDisposable
{
    private const string Schema = """
        CREATE TABLE permission(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE implies(permission INTEGER NOT NULL, implied INTEGER NOT NULL, PRIMARY KEY (permission, implied)) WITHOUT ROWID;
        CREATE TABLE subject(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, is_group INTEGER NOT NULL);
        CREATE TABLE member(member INTEGER NOT NULL, grp INTEGER NOT NULL, PRIMARY KEY (member, grp)) WITHOUT ROWID;
        CREATE TABLE grants(subject INTEGER NOT NULL, permission INTEGER NOT NULL, PRIMARY KEY (subject, permission)) WITHOUT ROWID;
        """;

    // Built after the load, as a bulk load does: the reverse directions every question walks.
    private const string Indexes = """
        CREATE INDEX member_by_group ON member(grp, member);
        CREATE INDEX grants_by_permission ON grants(permission, subject);
        CREATE INDEX implies_by_implied ON implies(implied, permission);
        ANALYZE;
        """;

    // CROSS JOIN fixes SQLite's join order (the small recursive table drives, the big one is searched by its key):
    // left to itself, SQLite 3.53 scans every grant with a Bloom filter instead, 60 times slower on the large dataset.

    /// <summary>Every permission one user holds (direct, through nested groups, implied), by name.</summary>
    private const string EffectiveSql = """
        WITH RECURSIVE
          me(id) AS (SELECT id FROM subject WHERE name = $user),
          groups_of(id) AS (
            SELECT m.grp FROM me CROSS JOIN member m ON m.member = me.id
            UNION SELECT m.grp FROM groups_of g CROSS JOIN member m ON m.member = g.id),
          holder(id) AS (SELECT id FROM me UNION SELECT id FROM groups_of),
          held(permission) AS (
            SELECT g.permission FROM holder h CROSS JOIN grants g ON g.subject = h.id
            UNION SELECT i.implied FROM held CROSS JOIN implies i ON i.permission = held.permission)
        SELECT p.name FROM held CROSS JOIN permission p ON p.id = held.permission ORDER BY p.name;
        """;

    /// <summary>Every user holding one permission, one row per route (the user, the subject granted, the permission granted).</summary>
    private const string HoldersSql = """
        WITH RECURSIVE
          giving(permission) AS (
            SELECT id FROM permission WHERE name = $permission
            UNION SELECT i.permission FROM giving g CROSS JOIN implies i ON i.implied = g.permission),
          reach(id, via, permission) AS (
            SELECT g.subject, g.subject, g.permission FROM giving CROSS JOIN grants g ON g.permission = giving.permission
            UNION SELECT m.member, r.via, r.permission FROM reach r CROSS JOIN member m ON m.grp = r.id)
        SELECT u.name, v.name, p.name
        FROM reach r
          CROSS JOIN subject u ON u.id = r.id AND u.is_group = 0
          CROSS JOIN subject v ON v.id = r.via
          CROSS JOIN permission p ON p.id = r.permission;
        """;

    /// <summary>Alliance Auth's overview: per permission, direct users, direct groups, users in those groups, effective users.</summary>
    private const string OverviewSql = """
        WITH RECURSIVE
          contains(grp, member) AS (
            SELECT grp, member FROM member
            UNION SELECT c.grp, m.member FROM contains c JOIN member m ON m.grp = c.member),
          closure(permission, implied) AS (
            SELECT id, id FROM permission
            UNION SELECT c.permission, i.implied FROM closure c JOIN implies i ON i.permission = c.implied),
          user_holds(user, permission) AS (
            SELECT g.subject, g.permission FROM grants g JOIN subject s ON s.id = g.subject AND s.is_group = 0
            UNION ALL
            SELECT c.member, g.permission FROM contains c
              JOIN grants g ON g.subject = c.grp
              JOIN subject s ON s.id = c.member AND s.is_group = 0),
          direct(permission, users, groups) AS (
            SELECT g.permission, sum(s.is_group = 0), sum(s.is_group = 1) FROM grants g JOIN subject s ON s.id = g.subject GROUP BY g.permission),
          group_users(permission, n) AS (
            SELECT g.permission, count(DISTINCT c.member) FROM grants g
              JOIN contains c ON c.grp = g.subject
              JOIN subject s ON s.id = c.member AND s.is_group = 0
            GROUP BY g.permission),
          effective(permission, n) AS (
            SELECT cl.implied, count(DISTINCT uh.user) FROM user_holds uh JOIN closure cl ON cl.permission = uh.permission GROUP BY cl.implied)
        SELECT p.name, coalesce(d.users, 0), coalesce(d.groups, 0), coalesce(gu.n, 0), coalesce(e.n, 0)
        FROM permission p
          LEFT JOIN direct d ON d.permission = p.id
          LEFT JOIN group_users gu ON gu.permission = p.id
          LEFT JOIN effective e ON e.permission = p.id
        ORDER BY p.name;
        """;

    private readonly SqliteConnection _connection;

    private SqliteFloor(SqliteConnection connection) => _connection = connection;

    public static string Describe =>
        "Microsoft.Data.Sqlite on a lean schema (integer ids; permission, implies, subject, member, grants tables; covering indexes), " +
        "WAL journal with SQLite's default synchronous setting as in PermShell's stores; each question is one SQL statement (recursive CTEs).";

    /// <summary>
    /// Loads the dataset into a new file (one transaction of prepared INSERTs, then the indexes), timed from the empty
    /// file to the committed, indexed store; the dataset is already in memory (parsing it is not part of the floor).
    /// </summary>
    public static (SqliteFloor Floor, double Seconds) Load(GeneratedDataset dataset, string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        var clock = Stopwatch.StartNew();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, Schema);
        using (var tx = connection.BeginTransaction())
        {
            var permissionIds = new Dictionary<string, long>(StringComparer.Ordinal);
            var subjectIds = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var insert = Prepare(connection, tx, "INSERT INTO permission(id, name) VALUES ($a, $b)"))
                foreach (var p in dataset.Permissions) Run(insert, permissionIds[p.Name] = permissionIds.Count + 1, p.Name);
            using (var insert = Prepare(connection, tx, "INSERT INTO implies(permission, implied) VALUES ($a, $b)"))
                foreach (var p in dataset.Permissions)
                    foreach (var implied in p.Implies) Run(insert, permissionIds[p.Name], permissionIds[implied]);
            using (var insert = Prepare(connection, tx, "INSERT INTO subject(id, name, is_group) VALUES ($a, $b, $c)"))
            {
                foreach (var user in dataset.Users) Run(insert, subjectIds[user] = subjectIds.Count + 1, user, 0);
                foreach (var group in dataset.Groups) Run(insert, subjectIds[group.Name] = subjectIds.Count + 1, group.Name, 1);
            }
            using (var insert = Prepare(connection, tx, "INSERT INTO member(member, grp) VALUES ($a, $b)"))
            {
                foreach (var (user, group) in dataset.Memberships) Run(insert, subjectIds[user], subjectIds[group]);
                foreach (var group in dataset.Groups.Where(g => g.Parent is not null)) Run(insert, subjectIds[group.Name], subjectIds[group.Parent!]);
            }
            using (var insert = Prepare(connection, tx, "INSERT INTO grants(subject, permission) VALUES ($a, $b)"))
                foreach (var (subject, permission) in dataset.UserGrants.Concat(dataset.GroupGrants)) Run(insert, subjectIds[subject], permissionIds[permission]);
            tx.Commit();
        }
        Execute(connection, Indexes);
        var seconds = clock.Elapsed.TotalSeconds;

        // The questions are asked on a new connection to the closed (so checkpointed) file, as a reader of a settled
        // store would: a WAL still holding the whole load makes every page read look it up there first.
        connection.Dispose();
        var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        reader.Open();
        return (new SqliteFloor(reader), seconds);
    }

    /// <summary>The effective permissions of one user; returns how many.</summary>
    public int Effective(string user) => Count(EffectiveSql, ("$user", user));

    /// <summary>Every holder of one permission by every route; returns how many rows.</summary>
    public int Holders(string permission) => Count(HoldersSql, ("$permission", permission));

    /// <summary>The overview counts of every permission; returns how many rows.</summary>
    public int Overview() => Count(OverviewSql);

    /// <summary>
    /// One committed write (an INSERT in its own transaction, WAL, default synchronous) in a file beside the stores:
    /// what any write to a SQLite store must at least pay. Returns the milliseconds of each of <paramref name="count"/> commits.
    /// </summary>
    public static double[] CommittedWrites(string path, int count)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; CREATE TABLE grants(subject INTEGER NOT NULL, permission INTEGER NOT NULL, PRIMARY KEY (subject, permission)) WITHOUT ROWID;");
        using var insert = Prepare(connection, null, "INSERT INTO grants(subject, permission) VALUES ($a, $b)");
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            Run(insert, i, 1);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    public void Dispose() => _connection.Dispose();

    private int Count(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read()) rows++;
        return rows;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in new[] { "$a", "$b", "$c" }.Where(sql.Contains))
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }
}
