using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PermShell.Core.Engine;

namespace PermShell.Core.Store;

/// <summary>
/// The reads of one cmdlet call (a pipeline's worth of records) on one SQLite connection, closed when the call ends
/// (<see cref="Dispose"/>), so no store file stays open after it. A record is answered from the snapshot the record
/// before it read only when two cheap checks on that connection show the store is still the same: SQLite's
/// PRAGMA data_version (it changes when any other connection, of this process or another, committed: writes,
/// migrations, a restore written in place) and SQLITE_FCNTL_HAS_MOVED (the file at the path is no longer the one this
/// connection has open: replaced by a restore, by New-PermissionStore -Force or by hand, or deleted). Otherwise the
/// record is read again, from the file now at the path, with the same checks as a new call. Where the moved-file check
/// is not available, every record is read anew, as a store that is not a SQLite file always is.
/// </summary>
public sealed class CallReads : IDisposable
{
    private readonly IPermissionStore _store;
    private SqliteConnection? _connection;
    private (PermissionSnapshot Snapshot, StoreVersion Version, long DataVersion)? _last;

    public CallReads(IPermissionStore store) => _store = store;

    /// <summary>The store's latest committed content, as <see cref="IPermissionStore.Read"/> gives it.</summary>
    public (PermissionSnapshot Snapshot, StoreVersion Version) Read()
    {
        if (_store is not PermissionStore sqlite) return _store.Read();
        return Busy.Retry(() => ReadHeld(sqlite), sqlite.Path);
    }

    private (PermissionSnapshot, StoreVersion) ReadHeld(PermissionStore store)
    {
        if (_connection is not null)
        {
            if (HasMoved(_connection)) Close();
            else if (_last is { } last && DataVersion(_connection) == last.DataVersion) return (last.Snapshot, last.Version);
        }
        if (_connection is null)
        {
            // A file that is gone or is no longer a store is reported as a new call would report it.
            if (_last is not null) store.CheckFile();
            _connection = store.Connect();
        }
        var read = store.ReadOn(_connection);
        _last = read;
        return (read.Snapshot, read.Version);
    }

    private static long DataVersion(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private const int SQLITE_FCNTL_HAS_MOVED = 20;

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, ref int arg);

    /// <summary>Whether the file at the path is not the one <paramref name="connection"/> has open (replaced or deleted); null when SQLite cannot tell.</summary>
    internal static bool? Moved(SqliteConnection connection)
    {
        try
        {
            var moved = 0;
            return FileControl(connection.Handle!.DangerousGetHandle(), "main", SQLITE_FCNTL_HAS_MOVED, ref moved) == 0 ? moved != 0 : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Whether a record may not be answered on this connection: the file moved, or SQLite cannot tell.</summary>
    private static bool HasMoved(SqliteConnection connection) => Moved(connection) ?? true;

    /// <summary>
    /// Closes the connection. When another store now sits at the path, SQLite itself does not checkpoint or delete
    /// "-wal"/"-shm" on this close (its pager checks the file did not move), so the new store's side files are safe.
    /// </summary>
    private void Close()
    {
        var connection = _connection;
        _connection = null;
        connection?.Dispose();
    }

    public void Dispose() => Close();
}
