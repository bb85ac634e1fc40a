using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// Rows inserted into one table inside a write transaction, the cheapest way the backend offers: a statement costs
/// more than its row on both (Microsoft.Data.Sqlite passes over every parameter by name per execution; PostgreSQL
/// waits a round trip), which made the change log and the rows of a whole-store import cost several times the data.
/// </summary>
internal interface IRowInsert : IDisposable
{
    /// <summary>
    /// Inserts one row (values in the order of the columns), now or with the next <see cref="Flush"/>. Returns true when
    /// rows are waiting and the buffer is full: the owner then flushes it, after the tables it refers to.
    /// </summary>
    bool Add(params object[] values);

    /// <summary>Sends the rows waiting, in the order they were added; nothing when every row went at once.</summary>
    void Flush();
}

internal static class RowInsert
{
    /// <summary>SQLite: one prepared statement stepped per row (<see cref="SqliteRowInsert"/>); a server: multi-row statements (<see cref="InsertBuffer"/>).</summary>
    public static IRowInsert Into(DbConnection connection, DbTransaction tx, string table, params string[] columns) =>
        connection is SqliteConnection sqlite
            ? new SqliteRowInsert(sqlite, table, columns)
            : new InsertBuffer(connection, tx, table, columns);
}
