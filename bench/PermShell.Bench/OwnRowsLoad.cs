using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PermShell.Bench;

/// <summary>
/// What the import's own rows cost SQLite: every row of the store the import built (its tables and its hash-chained
/// change log, one entry per change as SPEC §4 requires) inserted raw into an empty file of the same schema, one
/// prepared statement per table in one transaction, with the import's pragmas. The raw floor loads a leaner schema
/// and no log; this one shows how much of the import is SQLite writing what PermShell must write.
/// </summary>
internal sealed record OwnRowsLoad(double Seconds, long LogEntries, long Bytes)
{
    public static OwnRowsLoad Measure(string store, string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        var schema = new List<string>();
        var tables = new List<(string Name, int Columns, List<object?[]> Rows)>();
        using (var source = Open(store, SqliteOpenMode.ReadOnly))
        {
            using (var cmd = source.CreateCommand())
            {
                // Creation order: tables before what refers to them, indexes and triggers after their tables.
                cmd.CommandText = "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid;";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    schema.Add(r.GetString(2));
                    if (r.GetString(0) == "table") tables.Add((r.GetString(1), 0, new List<object?[]>()));
                }
            }
            for (var t = 0; t < tables.Count; t++)
            {
                using var cmd = source.CreateCommand();
                cmd.CommandText = $"SELECT * FROM \"{tables[t].Name}\";";
                using var r = cmd.ExecuteReader();
                var rows = tables[t].Rows;
                while (r.Read())
                {
                    var row = new object?[r.FieldCount];
                    r.GetValues(row!);
                    rows.Add(row);
                }
                tables[t] = (tables[t].Name, r.FieldCount, rows);
            }
        }
        using var target = Open(path, SqliteOpenMode.ReadWriteCreate);
        SqliteFloor.Execute(target, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;");
        foreach (var sql in schema) SqliteFloor.Execute(target, sql);
        var clock = Stopwatch.StartNew();
        using (var tx = target.BeginTransaction())
        {
            foreach (var (name, columns, rows) in tables)
            {
                if (rows.Count == 0) continue;
                using var insert = target.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO \"{name}\" VALUES ({string.Join(", ", Enumerable.Range(1, columns).Select(i => $"$p{i}"))});";
                var parameters = Enumerable.Range(1, columns).Select(i => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
                insert.Prepare();
                foreach (var row in rows)
                {
                    for (var i = 0; i < columns; i++) parameters[i].Value = row[i] ?? DBNull.Value;
                    insert.ExecuteNonQuery();
                }
            }
            tx.Commit();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        SqliteFloor.Execute(target, "PRAGMA wal_checkpoint(TRUNCATE);");
        var log = tables.FirstOrDefault(t => t.Name == "change_log").Rows?.Count ?? 0;
        return new OwnRowsLoad(seconds, log, new FileInfo(path).Length);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        c.Open();
        return c;
    }
}
