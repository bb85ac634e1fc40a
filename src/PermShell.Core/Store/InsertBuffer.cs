using System.Data.Common;
using System.Text;

namespace PermShell.Core.Store;

/// <summary>
/// Rows bound for one table on a database server, sent as multi-row INSERT statements of <see cref="RowsPerStatement"/>
/// rows (one prepared statement, its parameters rebound per batch) instead of one statement, so one round trip, per row.
/// The owner flushes before anything else touches the table (<see cref="StoreWriter"/> flushes every buffer, in the
/// order of the foreign keys, before any other statement and before commit), so the transaction reads as if each row
/// had been inserted when it was added.
/// </summary>
internal sealed class InsertBuffer : IRowInsert
{
    /// <summary>Rows per statement: far below every backend's parameter limit (SQLite 32,766; PostgreSQL 65,535).</summary>
    public const int RowsPerStatement = 64;

    private readonly DbConnection _connection;
    private readonly DbTransaction _tx;
    private readonly string _table;
    private readonly string[] _columns;
    private readonly object[] _pending;
    private int _rows;
    private DbCommand? _full;
    private bool _prepared;

    public InsertBuffer(DbConnection connection, DbTransaction tx, string table, params string[] columns)
    {
        _connection = connection;
        _tx = tx;
        _table = table;
        _columns = columns;
        _pending = new object[RowsPerStatement * columns.Length];
    }

    public bool Add(params object[] values)
    {
        if (values.Length != _columns.Length) throw new ArgumentException($"{_table} takes {_columns.Length} values.", nameof(values));
        values.CopyTo(_pending, _rows * _columns.Length);
        return ++_rows == RowsPerStatement;
    }

    public void Flush()
    {
        if (_rows == 0) return;
        var cmd = _rows == RowsPerStatement ? _full ??= Command(RowsPerStatement) : Command(_rows);
        for (var i = 0; i < _rows * _columns.Length; i++) cmd.Parameters[i].Value = _pending[i];
        // Prepared once its first values are set: a server backend infers the parameters' types from them.
        if (ReferenceEquals(cmd, _full) && !_prepared)
        {
            cmd.Prepare();
            _prepared = true;
        }
        cmd.ExecuteNonQuery();
        if (!ReferenceEquals(cmd, _full)) cmd.Dispose();
        Array.Clear(_pending, 0, _rows * _columns.Length);
        _rows = 0;
    }

    private DbCommand Command(int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {_table}({string.Join(", ", _columns)}) VALUES ");
        var cmd = _connection.CreateCommand();
        cmd.Transaction = _tx;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < _columns.Length; c++)
            {
                var name = $"@r{r}c{c}";
                sql.Append(c == 0 ? name : ", " + name);
                var parameter = cmd.CreateParameter();
                parameter.ParameterName = name;
                cmd.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        cmd.CommandText = sql.Append(';').ToString();
        return cmd;
    }

    public void Dispose() => _full?.Dispose();
}
