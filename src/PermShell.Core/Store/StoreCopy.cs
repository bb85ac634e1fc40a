using System.Data.Common;
using System.Globalization;

namespace PermShell.Core.Store;

/// <summary>
/// A store's rows moved between stores of any backend (the tables and column types are the same on each): its
/// content, its change log verbatim (ids, times, actors, hashes and digests as written, so the copy's log verifies
/// where it lands), and meta's record of the revision and the log's end. Backups of a PostgreSQL store, restores into
/// one and Copy-PermissionStore all copy this way.
/// </summary>
internal static class StoreCopy
{
    /// <summary>A backend that lends a transaction over its whole store: a consistent read, or one write.</summary>
    internal interface IRows
    {
        /// <summary>Runs <paramref name="read"/> in a transaction that sees one committed version of the store.</summary>
        T ReadConsistent<T>(Func<DbConnection, DbTransaction, T> read);

        /// <summary>
        /// Runs <paramref name="write"/> in one write transaction that also may replace the change log (the log's
        /// append-only guard is lifted for it), and commits it; the store's cached snapshot is not reused afterwards.
        /// </summary>
        void Rewrite(Action<DbConnection, DbTransaction> write);
    }

    /// <summary>Copies the rows of <paramref name="from"/>, as one consistent version, over everything in <paramref name="to"/>, in one transaction there.</summary>
    public static void Between(IRows from, IRows to) =>
        to.Rewrite((c, tx) => from.ReadConsistent((fc, ftx) =>
        {
            Rows(fc, ftx, c, tx);
            return 0;
        }));

    /// <summary>Every table whose rows a copy replaces, in an order that satisfies the references.</summary>
    private static IEnumerable<(string Table, string Columns)> AllTables => [.. StoreRow.Tables, ("change_log", ChangeLog.Columns)];

    /// <summary>
    /// Replaces everything in the store on <paramref name="to"/> with the rows of the store on <paramref name="from"/>.
    /// The copy gets a store id of its own (its content is the source's, but it will change apart from it). Meta's
    /// rows are updated in place, never deleted: a writer queued on the revision row (PostgreSQL) then finds it
    /// carrying the copy's revision when its turn comes, not gone. Meta's flags (enforcement) are the source's: one the
    /// source lacks is dropped, so an unenforced store copied over an enforced one is unenforced.
    /// </summary>
    public static void Rows(DbConnection from, DbTransaction fromTx, DbConnection to, DbTransaction toTx)
    {
        foreach (var (table, _) in AllTables.Reverse()) Execute(to, toTx, $"DELETE FROM {table};");
        foreach (var (table, columns) in AllTables) CopyTable(from, fromTx, to, toTx, table, columns);
        Execute(to, toTx, "DELETE FROM meta WHERE key NOT IN ('schema_version', 'revision', 'store_id');");
        foreach (var (key, value) in Meta(from, fromTx)) StoreMeta.Set(to, toTx, key, value);
        StoreMeta.Set(to, toTx, "store_id", PermissionStore.NewStoreId());
    }

    /// <summary>The source's meta rows but its schema version, which (on PostgreSQL) stays the destination's own.</summary>
    private static List<(string Key, string Value)> Meta(DbConnection from, DbTransaction fromTx)
    {
        using var select = from.CreateCommand();
        select.Transaction = fromTx;
        select.CommandText = "SELECT key, value FROM meta WHERE key <> 'schema_version';";
        using var r = select.ExecuteReader();
        var rows = new List<(string, string)>();
        while (r.Read()) rows.Add((r.GetString(0), r.GetString(1)));
        return rows;
    }

    private static void CopyTable(DbConnection from, DbTransaction fromTx, DbConnection to, DbTransaction toTx, string table, string columns)
    {
        var count = columns.Split(',').Length;
        using var insert = to.CreateCommand();
        insert.Transaction = toTx;
        insert.CommandText = $"INSERT INTO {table}({columns}) VALUES ({string.Join(", ", Enumerable.Range(0, count).Select(i => $"@p{i}"))});";
        for (var i = 0; i < count; i++)
        {
            var p = insert.CreateParameter();
            p.ParameterName = $"@p{i}";
            insert.Parameters.Add(p);
        }
        using var select = from.CreateCommand();
        select.Transaction = fromTx;
        select.CommandText = $"SELECT {columns} FROM {table};";
        using var r = select.ExecuteReader();
        var prepared = false;
        while (r.Read())
        {
            for (var i = 0; i < count; i++) insert.Parameters[i].Value = r.GetValue(i);
            if (!prepared) { insert.Prepare(); prepared = true; }
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The revision and the log's length and head of a store, as <paramref name="tx"/> sees them.</summary>
    internal sealed record Head(long Revision, long LogCount, string LogHead);

    public static Head HeadOf(DbConnection c, DbTransaction tx) => new(
        long.Parse(StoreMeta.Get(c, tx, "revision") ?? "0", CultureInfo.InvariantCulture),
        long.Parse(StoreMeta.Get(c, tx, ChangeLog.CountKey) ?? "0", CultureInfo.InvariantCulture),
        StoreMeta.Get(c, tx, ChangeLog.HeadKey) ?? "");

    /// <summary>
    /// In a restored store, its rows in place: appends the "Restore Store" entry naming the backup's revision and log
    /// head and what it replaced, and gives the store a new id and a revision past both. <paramref name="serverActor"/>
    /// as for <see cref="LogAppender.Open"/>.
    /// </summary>
    public static void RecordRestore(DbConnection c, DbTransaction tx, Head? replaced, ChangeSource source, string? serverActor = null)
    {
        var restored = HeadOf(c, tx);
        using (var log = LogAppender.Open(c, tx, serverActor, serverActor is not null))
        {
            log.Append(source, "Restore Store", "", string.Create(CultureInfo.InvariantCulture,
                $"Restored revision {restored.Revision} (log #{restored.LogCount} {Short(restored.LogHead)}) over {(replaced is { } r ? $"revision {r.Revision} (log #{r.LogCount} {Short(r.LogHead)})" : "no store")}."));
            log.WriteHead(c, tx);
        }
        // Past every revision either side had, and a new id: no process's cached snapshot can pass for the restored store.
        var revision = Math.Max(restored.Revision, replaced?.Revision ?? 0) + 1;
        StoreMeta.Set(c, tx, "revision", revision.ToString(CultureInfo.InvariantCulture));
        StoreMeta.Set(c, tx, "store_id", PermissionStore.NewStoreId());
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash.Length == 0 ? "(empty)" : hash;

    private static void Execute(DbConnection c, DbTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
