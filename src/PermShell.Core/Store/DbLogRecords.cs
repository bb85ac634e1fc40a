using System.Globalization;
using System.Data.Common;

namespace PermShell.Core.Store;

/// <summary>A store's change log, for <see cref="LogVerifier"/>: the change_log table, meta's record of its end, the tables' digest (the same SQL on every backend).</summary>
internal sealed class DbLogRecords(DbConnection connection, DbTransaction tx) : ILogRecords
{
    public IEnumerable<(LogEntry Entry, string Time)> InIdOrder()
    {
        using var cmd = Command($"SELECT {ChangeLog.Columns}, time FROM change_log ORDER BY id;");
        using var r = cmd.ExecuteReader();
        while (r.Read()) yield return (ChangeLog.Read(r), r.GetString(10));
    }

    public long? IdWithHash(string hash, long exceptId) => IdWhere("hash", hash, exceptId);

    public long? IdWithPreviousHash(string hash, long exceptId) => IdWhere("prev_hash", hash, exceptId);

    public (long? Count, string Head) RecordedHead()
    {
        long? count = null;
        var head = "";
        using var cmd = Command($"SELECT key, value FROM meta WHERE key IN ('{ChangeLog.CountKey}', '{ChangeLog.HeadKey}');");
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (r.GetString(0) == ChangeLog.CountKey)
                count = long.TryParse(r.GetString(1), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : -1;
            else head = r.GetString(1);
        }
        return (count, head);
    }

    public ContentDigest DigestOfData() => ContentDigest.Scan(connection, tx);

    private long? IdWhere(string column, string hash, long exceptId)
    {
        using var cmd = Command($"SELECT id FROM change_log WHERE {column} = @h AND id <> @id LIMIT 1;");
        Add(cmd, "@h", hash);
        Add(cmd, "@id", exceptId);
        return cmd.ExecuteScalar() is long id ? id : null;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private DbCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
