using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PermShell.Core.Store;

/// <summary>
/// One INSERT prepared on the connection's own SQLite handle, bound by position and stepped once per row: the row is
/// in the table (and the open transaction, which is the connection's) when <see cref="Add"/> returns, so nothing ever
/// waits. Microsoft.Data.Sqlite's command path looks every parameter up by name on each execution; on an import of
/// a whole store that cost more than SQLite's own work.
/// </summary>
internal sealed class SqliteRowInsert : IRowInsert
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _columns;

    public SqliteRowInsert(SqliteConnection connection, string table, string[] columns)
    {
        _db = connection.Handle!;
        _columns = columns.Length;
        var sql = $"INSERT INTO {table}({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))});";
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public bool Add(params object[] values)
    {
        if (values.Length != _columns) throw new ArgumentException($"The statement takes {_columns} values.", nameof(values));
        for (var i = 0; i < values.Length; i++)
        {
            var rc = values[i] switch
            {
                string s => raw.sqlite3_bind_text(_statement, i + 1, s),
                int n => raw.sqlite3_bind_int64(_statement, i + 1, n),
                long n => raw.sqlite3_bind_int64(_statement, i + 1, n),
                null => raw.sqlite3_bind_null(_statement, i + 1),
                var other => throw new ArgumentException($"No SQLite binding for {other.GetType().Name}.", nameof(values)),
            };
            Check(rc);
        }
        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE) Check(step);
        return false;
    }

    public void Flush() { }

    /// <summary>A failure as Microsoft.Data.Sqlite reports it, so the store maps it like any other (constraint, busy, full disk).</summary>
    private void Check(int rc)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
    }

    public void Dispose() => _statement.Dispose();
}
