using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>
/// The meta table's key/value rows (revision, store id, the log's count and head), read and written with SQL that
/// every backend speaks (an upsert by key).
/// </summary>
internal static class StoreMeta
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, adding the row if it is missing.</summary>
    public static void Set(DbConnection connection, DbTransaction? tx, string key, string value) => Set(connection, tx, (key, value));

    /// <summary>
    /// Sets several keys in one statement (a commit sets four: on a server that is one round trip instead of four),
    /// adding the rows that are missing.
    /// </summary>
    public static void Set(DbConnection connection, DbTransaction? tx, params (string Key, string Value)[] rows)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        var values = new List<string>();
        for (var i = 0; i < rows.Length; i++)
        {
            values.Add($"(@k{i}, @v{i})");
            Add(cmd, $"@k{i}", rows[i].Key);
            Add(cmd, $"@v{i}", rows[i].Value);
        }
        cmd.CommandText = $"INSERT INTO meta(key, value) VALUES {string.Join(", ", values)} ON CONFLICT (key) DO UPDATE SET value = excluded.value;";
        cmd.ExecuteNonQuery();
    }

    /// <summary>The value of <paramref name="key"/>, or null when there is no such row.</summary>
    public static string? Get(DbConnection connection, DbTransaction? tx, string key)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT value FROM meta WHERE key = @k;";
        Add(cmd, "@k", key);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>
    /// The store's state as (store id, revision): equal pairs mean the same content (see <see cref="PermissionStore.NewStoreId"/>).
    /// <paramref name="forUpdate"/> locks the revision row until the transaction ends: writers of a server backend
    /// queue there, so their commits (and the log entries they chain) never interleave.
    /// </summary>
    public static (string StoreId, long Revision) Revision(DbConnection connection, DbTransaction? tx, bool forUpdate = false)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = forUpdate
            ? "SELECT key, value FROM meta WHERE key IN ('store_id', 'revision') ORDER BY key FOR UPDATE;"
            : "SELECT key, value FROM meta WHERE key IN ('store_id', 'revision');";
        string storeId = "", revision = "0";
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetString(0) == "store_id") storeId = reader.GetString(1);
            else revision = reader.GetString(1);
        }
        return (storeId, long.Parse(revision, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
