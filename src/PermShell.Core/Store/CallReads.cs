using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PermShell.Core.Engine;
using PermShell.Core.Store.Postgres;
using SQLitePCL;

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
/// When the call ends its connection is kept for the next call on the same store (<see cref="IdleReadConnections"/>),
/// whose first record is then answered with the same checks, plus a third that holds across calls: the store file's
/// size and last write time are still those seen before the last read (a file rewritten in place, which PRAGMA
/// data_version cannot see, is read anew on a new connection).
/// A PostgreSQL store is asked for its revision once per call instead (see <see cref="ReadOnce"/>).
/// </summary>
public sealed class CallReads : IDisposable
{
    private readonly IPermissionStore _store;
    private SqliteConnection? _connection;
    private sqlite3_stmt? _dataVersion;
    private LastRead? _last;
    private int _partialReads;

    /// <summary>What a connection last read: the snapshot and version, at which data_version, with the file's stamp taken before that read.</summary>
    internal sealed record LastRead(PermissionSnapshot Snapshot, StoreVersion Version, long DataVersion, (long Length, long WriteTicks) Stamp);

    /// <summary>
    /// How many records of one call may be answered from partial snapshots (<see cref="ReadFor"/>) before the call
    /// reads the whole store: a long pipeline is then answered from one full snapshot, as before.
    /// </summary>
    private const int MaxPartialReads = 8;

    public CallReads(IPermissionStore store) => _store = store;

    /// <summary>The store's latest committed content, as <see cref="IPermissionStore.Read"/> gives it.</summary>
    public (PermissionSnapshot Snapshot, StoreVersion Version) Read()
    {
        if (_store is PostgresPermissionStore server) return ReadOnce(server);
        if (_store is not PermissionStore sqlite) return _store.Read();
        SnapshotPreload.WaitFor(sqlite);
        return Busy.Retry(() => ReadHeld(sqlite, onlyFor: null), sqlite.Path);
    }

    /// <summary>
    /// The store's latest committed content for decisions about <paramref name="subjects"/> only: the whole snapshot when
    /// this process has the current one, else (the first checks of a new process) a snapshot of just what those
    /// decisions depend on (see <see cref="PartialStateLoader"/>), or the whole snapshot when that loader declines.
    /// </summary>
    public PermissionSnapshot ReadFor(IReadOnlyCollection<string> subjects)
    {
        if (_store is PostgresPermissionStore server) return ReadOnceFor(server, subjects);
        if (_store is not PermissionStore sqlite || _partialReads >= MaxPartialReads || !SnapshotPreload.MayAnswerPartially(sqlite))
            return Read().Snapshot;
        return Busy.Retry(() => ReadHeld(sqlite, subjects), sqlite.Path).Item1;
    }

    private (PermissionSnapshot Snapshot, StoreVersion Version)? _readOnce;

    /// <summary>
    /// A PostgreSQL store is asked for its revision (a round trip) by the call's first record only: the call's later
    /// records are answered from that snapshot, unless a commit of this process changed the store since (then they
    /// read it again). A commit made elsewhere meanwhile is seen by the next call.
    /// </summary>
    private (PermissionSnapshot Snapshot, StoreVersion Version) ReadOnce(PostgresPermissionStore store)
    {
        if (_readOnce is { } read && store.Cache.IsLatest(store.Location, read.Version)) return read;
        SnapshotPreload.WaitFor(store.Location, store.Cache);
        return (_readOnce = store.Read()).Value;
    }

    /// <summary><see cref="ReadOnce"/> for decisions about <paramref name="subjects"/> only: a partial snapshot while this process has no whole one (see <see cref="ReadFor"/>).</summary>
    private PermissionSnapshot ReadOnceFor(PostgresPermissionStore store, IReadOnlyCollection<string> subjects)
    {
        if (_readOnce is { } read && store.Cache.IsLatest(store.Location, read.Version)) return read.Snapshot;
        if (_partialReads >= MaxPartialReads || !SnapshotPreload.MayAnswerPartially(store.Location, store.Cache)) return ReadOnce(store).Snapshot;
        var (snapshot, version, partial) = store.ReadFor(subjects);
        if (!partial)
        {
            _readOnce = (snapshot, version);
            return snapshot;
        }
        _partialReads++;
        SnapshotPreload.Start(store.Location, store.Cache, () => store.Read(), inBackground: true);
        return snapshot;
    }

    private (PermissionSnapshot, StoreVersion) ReadHeld(PermissionStore store, IReadOnlyCollection<string>? onlyFor)
    {
        if (_connection is null && _last is null && IdleReadConnections.Take(store.Path, store.Cache) is { } idle)
            (_connection, _dataVersion, _last) = (idle.Connection, idle.DataVersion, idle.Last);
        if (_connection is not null)
        {
            if (HasMoved(_connection) || _last is { } seen && Stamp(store.Path) != seen.Stamp) Close();
            else if (_last is { } last && DataVersion() == last.DataVersion) return (last.Snapshot, last.Version);
        }
        if (_connection is null)
        {
            // A file that is gone or is no longer a store is reported as a new call would report it.
            if (_last is not null) store.CheckFile();
            _connection = store.Connect();
        }
        var stamp = Stamp(store.Path);
        var read = store.ReadOn(_connection, onlyFor);
        if (read.Partial)
        {
            // Not the store's whole content: never taken for it by a later record or call, which find the whole
            // snapshot cached once the background read is done.
            _partialReads++;
            _last = null;
            SnapshotPreload.Start(store);
        }
        else _last = new LastRead(read.Snapshot, read.Version, read.DataVersion, stamp);
        return (read.Snapshot, read.Version);
    }

    /// <summary>The store file's size and last write time (one stat): a checkpoint or a file rewritten in place changes it.</summary>
    internal static (long Length, long WriteTicks) Stamp(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc.Ticks) : (-1, -1);
    }

    /// <summary>
    /// PRAGMA data_version on this call's connection, through one prepared statement kept with it and stepped directly
    /// (the check every record pays: no command or reader objects around it).
    /// </summary>
    private long DataVersion()
    {
        var db = _connection!.Handle!;
        if (_dataVersion is null)
        {
            var prepared = raw.sqlite3_prepare_v2(db, "PRAGMA data_version;", out var statement);
            if (prepared != raw.SQLITE_OK)
            {
                statement.Dispose();
                SqliteException.ThrowExceptionForRC(prepared, db);
            }
            _dataVersion = statement;
        }
        try
        {
            var stepped = raw.sqlite3_step(_dataVersion);
            if (stepped != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(stepped, db);
            return raw.sqlite3_column_int64(_dataVersion, 0);
        }
        finally
        {
            raw.sqlite3_reset(_dataVersion);
        }
    }

    private const int SQLITE_FCNTL_HAS_MOVED = 20;

    // The database name null means "main" (no string to marshal on every check).
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(IntPtr db, IntPtr name, int op, ref int arg);

    /// <summary>Whether the file at the path is not the one <paramref name="connection"/> has open (replaced or deleted); null when SQLite cannot tell.</summary>
    internal static bool? Moved(SqliteConnection connection)
    {
        try
        {
            var moved = 0;
            return FileControl(connection.Handle!.DangerousGetHandle(), IntPtr.Zero, SQLITE_FCNTL_HAS_MOVED, ref moved) == 0 ? moved != 0 : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static bool? _movedCheckWorks;

    /// <summary>Whether SQLite can tell that a file moved (the same answer for every connection of the process: asked once).</summary>
    private static bool MovedCheckWorks(SqliteConnection connection) => _movedCheckWorks ??= Moved(connection) is not null;

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
        _dataVersion?.Dispose();
        _dataVersion = null;
        connection?.Dispose();
    }

    /// <summary>
    /// Ends the call: its connection is kept for the next call on the store when it may be (see <see cref="IdleReadConnections"/>).
    /// Not checked again here: a file replaced since this call's last read is found by the next call's checks, which close it then.
    /// </summary>
    public void Dispose()
    {
        if (_connection is not null && _last is not null && _store is PermissionStore sqlite && MovedCheckWorks(_connection))
        {
            IdleReadConnections.Keep(new IdleReadConnections.Idle(sqlite.Path, sqlite.Cache, _connection, _dataVersion, _last));
            _connection = null;
            _dataVersion = null;
            return;
        }
        Close();
    }
}
