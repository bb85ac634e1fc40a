using System.Diagnostics;
using Npgsql;

namespace PermShell.Bench;

/// <summary>
/// The PostgreSQL floors: the same lean schema as <see cref="SqliteFloor"/> (integer ids, one table per relation,
/// covering indexes) in a schema of its own on the benchmark's server, loaded with COPY, each question one SQL
/// statement. No change log, no validation, no objects: the least work any PostgreSQL-backed permission store can do.
/// </summary>
internal sealed class PostgresFloor : IDisposable
{
    private const string Schema = """
        CREATE TABLE permission(id bigint PRIMARY KEY, name text NOT NULL UNIQUE);
        CREATE TABLE implies(permission bigint NOT NULL, implied bigint NOT NULL, PRIMARY KEY (permission, implied));
        CREATE TABLE subject(id bigint PRIMARY KEY, name text NOT NULL UNIQUE, is_group boolean NOT NULL);
        CREATE TABLE member(member bigint NOT NULL, grp bigint NOT NULL, PRIMARY KEY (member, grp));
        CREATE TABLE grants(subject bigint NOT NULL, permission bigint NOT NULL, PRIMARY KEY (subject, permission));
        """;

    private const string Indexes = """
        CREATE INDEX member_by_group ON member(grp, member);
        CREATE INDEX grants_by_permission ON grants(permission, subject);
        CREATE INDEX implies_by_implied ON implies(implied, permission);
        """;

    /// <summary>Every permission one user holds (direct, through nested groups, implied), by name.</summary>
    private const string EffectiveSql = """
        WITH RECURSIVE
          me(id) AS (SELECT id FROM subject WHERE name = @user),
          groups_of(id) AS (
            SELECT m.grp FROM me JOIN member m ON m.member = me.id
            UNION SELECT m.grp FROM groups_of g JOIN member m ON m.member = g.id),
          holder(id) AS (SELECT id FROM me UNION SELECT id FROM groups_of),
          held(permission) AS (
            SELECT g.permission FROM holder h JOIN grants g ON g.subject = h.id
            UNION SELECT i.implied FROM held JOIN implies i ON i.permission = held.permission)
        SELECT p.name FROM held JOIN permission p ON p.id = held.permission ORDER BY p.name;
        """;

    /// <summary>Every user holding one permission, one row per route (the user, the subject granted, the permission granted).</summary>
    private const string HoldersSql = """
        WITH RECURSIVE
          giving(permission) AS (
            SELECT id FROM permission WHERE name = @permission
            UNION SELECT i.permission FROM giving g JOIN implies i ON i.implied = g.permission),
          reach(id, via, permission) AS (
            SELECT g.subject, g.subject, g.permission FROM giving JOIN grants g ON g.permission = giving.permission
            UNION SELECT m.member, r.via, r.permission FROM reach r JOIN member m ON m.grp = r.id)
        SELECT u.name, v.name, p.name
        FROM reach r
          JOIN subject u ON u.id = r.id AND NOT u.is_group
          JOIN subject v ON v.id = r.via
          JOIN permission p ON p.id = r.permission;
        """;

    private readonly NpgsqlConnection _connection;

    private PostgresFloor(NpgsqlConnection connection) => _connection = connection;

    public const string Describe =
        "Npgsql on the same lean schema as the SQLite floor, in a schema of its own in the same database, loaded with binary COPY " +
        "(primary keys first, then the other indexes and ANALYZE); each question is one SQL statement (the same recursive CTEs), " +
        "asked on one open connection with JIT compilation off.";

    /// <summary>
    /// Loads the dataset into a new schema (COPY into each table, then the indexes and ANALYZE, one transaction), timed
    /// from the empty schema to the committed, indexed store; the dataset is already in memory.
    /// </summary>
    public static (PostgresFloor Floor, double Seconds) Load(GeneratedDataset dataset, string connectionString, string schema)
    {
        var connection = Open(connectionString);
        // JIT off in this session: compiling a plan costs more than these statements take (the least work, as on SQLite).
        Execute(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path TO {schema}; SET jit = off;");
        var clock = Stopwatch.StartNew();
        using (var tx = connection.BeginTransaction())
        {
            Execute(connection, Schema);
            var permissionIds = new Dictionary<string, long>(StringComparer.Ordinal);
            var subjectIds = new Dictionary<string, long>(StringComparer.Ordinal);
            using (var copy = connection.BeginBinaryImport("COPY permission(id, name) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in dataset.Permissions) Row(copy, permissionIds[p.Name] = permissionIds.Count + 1, p.Name);
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport("COPY implies(permission, implied) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var p in dataset.Permissions)
                    foreach (var implied in p.Implies) Row(copy, permissionIds[p.Name], permissionIds[implied]);
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport("COPY subject(id, name, is_group) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var user in dataset.Users) Row(copy, subjectIds[user] = subjectIds.Count + 1, user, false);
                foreach (var group in dataset.Groups) Row(copy, subjectIds[group.Name] = subjectIds.Count + 1, group.Name, true);
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport("COPY member(member, grp) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (user, group) in dataset.Memberships) Row(copy, subjectIds[user], subjectIds[group]);
                foreach (var group in dataset.Groups.Where(g => g.Parent is not null)) Row(copy, subjectIds[group.Name], subjectIds[group.Parent!]);
                copy.Complete();
            }
            using (var copy = connection.BeginBinaryImport("COPY grants(subject, permission) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (subject, permission) in dataset.UserGrants.Concat(dataset.GroupGrants)) Row(copy, subjectIds[subject], permissionIds[permission]);
                copy.Complete();
            }
            Execute(connection, Indexes);
            tx.Commit();
        }
        Execute(connection, "ANALYZE;");
        return (new PostgresFloor(connection), clock.Elapsed.TotalSeconds);
    }

    /// <summary>The effective permissions of one user; returns how many.</summary>
    public int Effective(string user) => Count(EffectiveSql, ("user", user));

    /// <summary>Every holder of one permission by every route; returns how many rows.</summary>
    public int Holders(string permission) => Count(HoldersSql, ("permission", permission));

    /// <summary>
    /// One committed write (a prepared INSERT in its own transaction) on the same server: what any write to a
    /// PostgreSQL store must at least pay. Returns the milliseconds of each of <paramref name="count"/> commits.
    /// </summary>
    public static double[] CommittedWrites(string connectionString, string schema, int count)
    {
        using var connection = Open(connectionString);
        Execute(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; " +
            $"CREATE TABLE {schema}.grants(subject bigint NOT NULL, permission bigint NOT NULL, PRIMARY KEY (subject, permission));");
        using var insert = new NpgsqlCommand($"INSERT INTO {schema}.grants(subject, permission) VALUES (@a, @b)", connection);
        var a = new NpgsqlParameter<long>("a", 0L);
        insert.Parameters.Add(a);
        insert.Parameters.Add(new NpgsqlParameter<long>("b", 1L));
        insert.Prepare();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            a.TypedValue = i;
            var clock = Stopwatch.StartNew();
            insert.ExecuteNonQuery();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    /// <summary>
    /// One round trip to the server (SELECT 1 on an open connection): what any call that asks the server anything pays,
    /// in milliseconds, <paramref name="count"/> times.
    /// </summary>
    public static double[] RoundTrips(string connectionString, int count)
    {
        using var connection = Open(connectionString);
        using var select = new NpgsqlCommand("SELECT 1", connection);
        select.Prepare();
        select.ExecuteScalar();
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            select.ExecuteScalar();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    /// <summary>The server's version, for the report ("15.14").</summary>
    public static string ServerVersion(string connectionString)
    {
        using var connection = Open(connectionString);
        return connection.ServerVersion;
    }

    public void Dispose() => _connection.Dispose();

    private int Count(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, _connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var rows = 0;
        while (reader.Read()) rows++;
        return rows;
    }

    private static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void Row(NpgsqlBinaryImporter copy, long a, object b, bool? c = null)
    {
        copy.StartRow();
        copy.Write(a);
        if (b is string text) copy.Write(text); else copy.Write((long)b);
        if (c is { } flag) copy.Write(flag);
    }
}
