using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// The read connections a process keeps open between cmdlet calls, a few stores' worth, so that a call on a store the
/// process read a moment ago costs two cheap checks (see <see cref="CallReads"/>) instead of opening the file, reading
/// its schema and closing it again. A call takes its store's connection out (no two calls share one) and gives it back
/// when it ends; the least recently used beyond <see cref="Capacity"/> is closed. Kept only where an open file may be
/// renamed over or deleted (not on Windows, where an open store file could not be replaced or removed), and only with
/// the moved-file check available. A store replaced or removed by this process drops its connections first (<see cref="Drop"/>).
/// </summary>
internal static class IdleReadConnections
{
    public const int Capacity = 4;

    /// <summary>A connection (with its prepared PRAGMA data_version) and what it last read: the snapshot, at which PRAGMA data_version, with the file as it was then.</summary>
    internal sealed record Idle(string Path, SnapshotCache Cache, SqliteConnection Connection, SQLitePCL.sqlite3_stmt? DataVersion, CallReads.LastRead Last);

    private static readonly RecentlyKept<Idle> Kept = new(Capacity, Close);

    public static bool Enabled { get; } = !OperatingSystem.IsWindows();

    /// <summary>This process's idle connection to the store at <paramref name="path"/> read into <paramref name="cache"/>, taken out; null if none.</summary>
    public static Idle? Take(string path, SnapshotCache cache) => Kept.Take(path, cache);

    /// <summary>Keeps <paramref name="idle"/> for the next call (closing the least recently used beyond the capacity).</summary>
    public static void Keep(Idle idle)
    {
        if (Enabled) Kept.Keep(idle.Path, idle.Cache, idle);
        else Close(idle);
    }

    /// <summary>Closes the idle connections to <paramref name="path"/>: called before this process replaces or deletes that file.</summary>
    public static void Drop(string path) => Kept.Drop(kept => FilePaths.Same(kept, path));

    /// <summary>
    /// Whether this process keeps an idle connection of <paramref name="cache"/>'s to the store at <paramref name="path"/>
    /// (as given: no file system call). Whether it still fits the file there is for the call that takes it to check.
    /// </summary>
    public static bool Has(string path, SnapshotCache cache) => Kept.Has(path, cache);

    /// <summary>Whether this process keeps an idle connection to the store at <paramref name="path"/>.</summary>
    public static bool Holds(string path) => Kept.Any(kept => FilePaths.Same(kept, path));

    /// <summary>
    /// Folds the -wal into the store file, as closing the last connection would: so a store copied or replaced by hand
    /// between calls never meets a stale -wal. PASSIVE: it never waits; a reader in the middle of a read leaves the
    /// rest for the next commit or close.
    /// </summary>
    public static void FoldWal(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        try { cmd.ExecuteNonQuery(); }
        catch (SqliteException e) when (Busy.IsBusy(e)) { /* the next commit or close folds it */ }
    }

    private static void Close(Idle idle)
    {
        idle.DataVersion?.Dispose();
        idle.Connection.Dispose();
    }
}
