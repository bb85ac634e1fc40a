using Microsoft.Data.Sqlite;

namespace PermShell.Core.Tests.Store;

/// <summary>Edits a store file behind PermShell's back, as anyone with write access to it could.</summary>
internal static class StoreFileEdit
{
    /// <summary>Runs <paramref name="sql"/> on the file after dropping the log's append-only triggers, as an attacker would.</summary>
    public static void Tamper(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DROP TRIGGER IF EXISTS change_log_no_update; DROP TRIGGER IF EXISTS change_log_no_delete; " + sql;
        cmd.ExecuteNonQuery();
    }
}
