using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// A look at a store's content for tab completion: read-only, never creating, migrating or otherwise writing the
/// file. Anything unexpected (no file, not a store, another schema version, locked) gives null, not an error.
/// </summary>
public static class StorePeek
{
    /// <summary>Who reads a SQLite store: the OS user, whose rights decide what an enforced store shows.</summary>
    public static string Actor => ChangeLog.CurrentActor();

    /// <summary>The content of the store at <paramref name="path"/>, or null when it cannot be read as it is.</summary>
    public static PermissionState? TryRead(string path)
    {
        if (StoreFactory.IsConnectionString(path)) return Postgres.PostgresPermissionStore.Peek(path);
        try
        {
            var header = StoreFileHeader.Read(path);
            if (!header.Exists || !header.IsPermShellStore || header.UserVersion != StoreSchema.CurrentVersion) return null;
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 1 };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using var tx = connection.BeginTransaction(deferred: true);
            // A snapshot this process already holds for the same version answers at once (large stores load slowly).
            var at = PermissionStore.ReadRevision(connection, tx);
            return SnapshotCache.Shared.Find(path, at)?.State ?? StateLoader.Load(connection, tx);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
