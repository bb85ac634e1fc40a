using Microsoft.Data.Sqlite;
using PermShell.Core.Administration;
using PermShell.Core.Engine;
using PermShell.Core.Templates;

namespace PermShell.Core.Store;

/// <summary>
/// A PermShell store on one SQLite file: the default backend of <see cref="IPermissionStore"/>. Reads come from a cached in-memory snapshot that is reloaded only
/// when the store's revision (bumped by every committed write) changes; writes run in one IMMEDIATE
/// transaction each. Nothing here resolves permissions: that is the engine's job.
/// </summary>
public sealed partial class PermissionStore : IPermissionStore, IBackupSource, IWriteTarget, StoreCopy.IRows
{
    /// <summary>How long a writer waits for another process's transaction before giving up.</summary>
    public static TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private readonly SnapshotCache _cache;

    /// <summary>The snapshots this store object reads into (the process's, or a test's second process's).</summary>
    internal SnapshotCache Cache => _cache;

    public string Path { get; }

    /// <summary>The store file's full path.</summary>
    public string Location => Path;

    private PermissionStore(string path, SnapshotCache cache, bool createIfMissing = false)
    {
        Path = path;
        _cache = cache;
        _createIfMissing = createIfMissing;
    }

    private readonly bool _createIfMissing;

    /// <summary>
    /// Opened on the strength of a connection this process keeps to the file (see <see cref="Open(string, bool, SnapshotCache)"/>):
    /// the checks of a new open are still owed, and made when the store first connects (<see cref="Connect"/>) or a call's
    /// reads find the kept connection no longer fits the file (<see cref="CheckFile"/>).
    /// </summary>
    private volatile bool _openChecksOwed;

    /// <summary>
    /// Opens the store at <paramref name="path"/>, migrating its schema forward. A missing file is created
    /// (owner-only) when <paramref name="createIfMissing"/>; otherwise it is an error. A file that is not a
    /// PermShell store (an empty file included), or one written by a newer PermShell, is refused and left untouched.
    /// </summary>
    public static PermissionStore Open(string path, bool createIfMissing = false) => Open(path, createIfMissing, SnapshotCache.Shared);

    /// <summary>Opens the store with its own snapshot cache: a test's second process on the same file.</summary>
    internal static PermissionStore Open(string path, bool createIfMissing, SnapshotCache cache)
    {
        var store = new PermissionStore(System.IO.Path.GetFullPath(path), cache, createIfMissing);
        // A store a call of this process read a moment ago: no file system call here. A call's reads check the
        // connection kept from then against the file now at the path (see CallReads); anything else that connects
        // makes the checks of a new open first (see Connect).
        if (IdleReadConnections.Has(store.Path, cache)) store._openChecksOwed = true;
        else store.OpenFile();
        return store;
    }

    /// <summary>
    /// The checks of a new open on the file now at <see cref="Path"/>: it exists (or, when the store may be created
    /// there, is created), is a store this PermShell reads, and has the current schema (migrated forward if not).
    /// </summary>
    private void OpenFile()
    {
        _openChecksOwed = false;
        var header = StoreFileHeader.Read(Path);
        if (!header.Exists)
        {
            if (!_createIfMissing) throw NotFound(Path);
            // Another process may create it at the same moment; whichever store lands first is the one both use.
            CreateInPlace(Path, StoreTemplateKind.Empty, source: null, overwrite: false);
            header = StoreFileHeader.Read(Path);
        }
        CheckHeader(Path, header);
        // A store whose file header already carries the current schema needs no migration connection: every read and
        // write checks the schema version again inside its own transaction (see CurrentSchemaOrMigrate), which also
        // covers a migration committed only to the -wal or a file replaced after this header was read.
        if (header.UserVersion != StoreSchema.CurrentVersion) MigrateIfNeeded();
    }

    private static PermShellException NotFound(string full)
    {
        var named = string.Equals(full, StoreLocation.FromEnvironment(), StringComparison.Ordinal)
            ? $" (the path in $env:{StoreLocation.EnvironmentVariable})" : "";
        return new PermShellException("PermShell.Store.NotFound", ProblemKind.ObjectNotFound,
            $"There is no store at '{full}'{named}. Check the path, or create a store there with New-PermissionStore -Path '{full}'.", full);
    }

    /// <summary>
    /// The checks of <see cref="Open(string, bool)"/> on the file now at <see cref="Path"/>: it exists and is a store this
    /// PermShell reads (those of a new open, creation included, when they are still owed).
    /// </summary>
    internal void CheckFile()
    {
        if (_openChecksOwed)
        {
            OpenFile();
            return;
        }
        var header = StoreFileHeader.Read(Path);
        if (!header.Exists) throw NotFound(Path);
        CheckHeader(Path, header);
    }

    /// <summary>Creates a new store filled from <paramref name="template"/>; an existing file is replaced only with <paramref name="overwrite"/>.</summary>
    public static PermissionStore Create(string path, StoreTemplateKind template, bool overwrite, ChangeSource? source = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            if (!overwrite)
                throw new PermShellException("PermShell.Store.Exists", ProblemKind.ResourceExists,
                    $"'{full}' already exists. Use -Force to replace it with a new store.", full);
            // -Force replaces a store (or an empty file), never some other file that happens to be at that path.
            var header = StoreFileHeader.Read(full);
            if (!header.IsEmpty && !header.IsPermShellStore)
                throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                    $"'{full}' is not a PermShell store, so it was not replaced (not even with -Force). Remove it yourself if you mean to.", full);
        }
        if (!CreateInPlace(full, template, source, overwrite))
            throw new PermShellException("PermShell.Store.Exists", ProblemKind.ResourceExists,
                $"'{full}' was created by someone else meanwhile. Use -Force to replace it with a new store.", full);
        return Open(full);
    }

    /// <summary>
    /// Makes a whole store (schema and template) in a temporary file next to <paramref name="path"/> and puts it in
    /// place in one rename, so nobody ever finds an empty or half-made store at <paramref name="path"/>. Without
    /// <paramref name="overwrite"/>, returns false when a file appeared there first (and leaves that file alone).
    /// </summary>
    private static bool CreateInPlace(string path, StoreTemplateKind template, ChangeSource? source, bool overwrite)
    {
        return WithTemporaryFileNextTo(path, "new", "PermShell.Store.CannotCreate", "Cannot create the store", temp =>
        {
            var store = new PermissionStore(temp, SnapshotCache.Shared);
            store.MigrateIfNeeded();
            using (var writer = store.BeginWrite(source))
            {
                foreach (var change in StateAsChanges.Additions(StoreTemplate.Create(template)))
                    writer.Apply(change);
                writer.Commit();
            }
            store.Checkpoint();
            if (overwrite)
            {
                IdleReadConnections.Drop(path);
                // The replaced store's -wal must not be replayed into the new one.
                OwnerOnlyFile.DeleteSideFiles(path);
                File.Move(temp, path, overwrite: true);
                return true;
            }
            try
            {
                File.Move(temp, path, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
        });
    }

    /// <summary>The store's content as an indexed snapshot, with the version it is of; cached until the store changes.</summary>
    public (PermissionSnapshot Snapshot, StoreVersion Version) Read()
    {
        var (snapshot, version, _, _) = Run(connection => ReadOn(connection));
        return (snapshot, version);
    }

    /// <summary>
    /// <see cref="Read"/> on <paramref name="connection"/>, in one transaction, with SQLite's PRAGMA data_version as
    /// that transaction saw it (the same value on the same connection means no other connection committed since: see
    /// <see cref="CallReads"/>). With <paramref name="onlyFor"/>, when this process has no snapshot of the store's
    /// current state, only what decisions about those subjects depend on is read (<see cref="PartialStateLoader"/>;
    /// Partial says so, and such a snapshot is not cached), unless that loader declines.
    /// </summary>
    internal (PermissionSnapshot Snapshot, StoreVersion Version, long DataVersion, bool Partial) ReadOn(
        SqliteConnection connection, IReadOnlyCollection<string>? onlyFor = null) => CurrentSchemaOrMigrate(() =>
    {
        using var tx = connection.BeginTransaction(deferred: true);
        if (!HasCurrentSchema(connection, tx)) return (false, default((PermissionSnapshot, StoreVersion, long, bool)));
        var dataVersion = (long)ScalarInt(connection, tx, "PRAGMA data_version;");
        var at = ReadRevision(connection, tx);
        var version = new StoreVersion(at.StoreId, at.Revision);
        if (_cache.Find(Path, at) is { } cached) return (true, (cached, version, dataVersion, false));
        if (onlyFor is not null && PartialStateLoader.Load(connection, tx, onlyFor) is { } partial)
            return (true, (new PermissionSnapshot(partial), version, dataVersion, true));
        var snapshot = new PermissionSnapshot(StateLoader.Load(connection, tx));
        _cache.Put(Path, at, snapshot);
        return (true, (snapshot, version, dataVersion, false));
    });

    /// <summary>
    /// Runs a read or the start of a write that returns default when the store's schema is not the current one (a
    /// store replaced by an older one since it was opened, or one whose header was not up to date): migrates, then
    /// runs it again. A newer schema is refused by <see cref="HasCurrentSchema"/> itself.
    /// </summary>
    private T CurrentSchemaOrMigrate<T>(Func<(bool Current, T Value)> attempt)
    {
        var (current, value) = attempt();
        if (current) return value;
        MigrateIfNeeded();
        (current, value) = attempt();
        return current ? value : throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
            $"The schema of '{Path}' changed while it was being read. Try again.", Path);
    }

    /// <summary>Whether the store, as this transaction sees it, has the current schema; a newer one is an error.</summary>
    private bool HasCurrentSchema(SqliteConnection connection, SqliteTransaction tx)
    {
        var version = ScalarInt(connection, tx, "PRAGMA user_version;");
        CheckVersion(Path, version);
        return version == StoreSchema.CurrentVersion;
    }

    /// <summary>
    /// Writes a staged batch in one short transaction. When another process committed since the batch was staged,
    /// each change is first checked against the store as it is now (<see cref="StaleChangeCheck"/>): one that no
    /// longer holds stops the commit with nothing written. Returns the changes written (those already in effect are
    /// left out). <paramref name="progress"/> hears (done, total) while a large batch is written.
    /// </summary>
    public IReadOnlyList<Change> Commit(ChangeBatch batch, Action<int, int>? progress = null) =>
        StoreWriter.Write(BeginWrite, batch, progress);

    /// <summary>One Denied entry per refused change or operation, in a transaction of its own; the data is not touched.</summary>
    public void RecordDenied(ChangeSource source, IReadOnlyList<Rules.Problem> denied) =>
        StoreWriter.WriteDenied(BeginWrite, source, denied);

    /// <summary>
    /// Starts the one write transaction of a cmdlet call or an import (BEGIN IMMEDIATE: it waits for other writers,
    /// and a lock that SQLite reports without waiting is retried, see <see cref="Busy"/>). Dispose without Commit
    /// rolls back. <paramref name="source"/> is what the change log records as the changes' source.
    /// </summary>
    public StoreWriter BeginWrite(ChangeSource? source = null) => CurrentSchemaOrMigrate(() => Busy.Retry<(bool, StoreWriter)>(() =>
    {
        var connection = Connect();
        try
        {
            var tx = connection.BeginTransaction(deferred: false);
            if (!HasCurrentSchema(connection, tx))
            {
                tx.Dispose();
                connection.Dispose();
                return (false, null!);
            }
            var at = ReadRevision(connection, tx);
            // The cached snapshot's state is shared, not copied: a clone of it is O(1), and the writer's changes replace
            // only what they touch. The new snapshot is then derived from this one (see Publish).
            var cached = _cache.Find(Path, at);
            var state = cached?.State.Clone() ?? StateLoader.Load(connection, tx);
            return (true, new StoreWriter(this, connection, tx, state, cached, new StoreVersion(at.StoreId, at.Revision), source ?? ChangeSource.Unspecified));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }, Path));

    /// <summary>The change log, oldest first, read in pages (see <see cref="ChangeLog.Paged"/>), so a long log streams.</summary>
    public IEnumerable<LogEntry> ReadLog(DateTime? since = null, int? last = null, Func<LogEntry, bool>? filter = null, long after = 0) =>
        ChangeLog.Paged(where => Run(connection => ChangeLog.ReadPage(connection, where)), since, last, filter, after);

    /// <summary>
    /// Walks the whole change log and reports the first entry that was altered, removed or reordered; then checks that
    /// the store's tables match the digest of the data that the last entry carries.
    /// </summary>
    /// <summary>The enforcement flag alone (one meta row), on the current schema (an older store is migrated first, as a read would).</summary>
    public bool IsEnforced()
    {
        try
        {
            return CurrentSchemaOrMigrate(() => Run(connection =>
            {
                using var tx = connection.BeginTransaction(deferred: true);
                return HasCurrentSchema(connection, tx) ? (true, StoreMeta.Get(connection, tx, StateLoader.EnforcedKey) == "1") : (false, false);
            }));
        }
        catch (SqliteException e)
        {
            throw StoreErrors.From(e, Path);
        }
    }

    public LogVerification VerifyLog() => Run(connection =>
    {
        using var tx = connection.BeginTransaction(deferred: true);
        return LogVerifier.Verify(new DbLogRecords(connection, tx));
    });

    /// <summary>SQLite's own check of the file's structure: "ok", or the problems found.</summary>
    public IReadOnlyList<string> CheckIntegrity() => Run(connection => IntegrityCheck(connection));

    internal static List<string> IntegrityCheck(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        using var r = cmd.ExecuteReader();
        var result = new List<string>();
        while (r.Read()) result.Add(r.GetString(0));
        return result;
    }

    public StoreInfo Info(bool isDefault)
    {
        var (snapshot, version) = Read();
        return PermissionStoreReads.InfoOf(Path, StoreSchema.CurrentVersion, snapshot.State, version, isDefault);
    }

    /// <summary>
    /// Called by a committed writer: its state becomes the cached snapshot of the new revision, derived from the
    /// snapshot the writer started from and the changes it applied when there is one (see <see cref="PermissionSnapshot.With"/>).
    /// </summary>
    void IWriteTarget.Publish(string storeId, long revision, PermissionState state, PermissionSnapshot? basedOn, IReadOnlyList<Change> applied) =>
        _cache.PutCommitted(Path, (storeId, revision), state, basedOn, applied);

    /// <summary>The OS user running this process (DOMAIN\user on Windows): who the log names and whose rights an enforced store checks.</summary>
    public string Actor => ChangeLog.CurrentActor();

    string? IWriteTarget.ServerActor => null;

    PermShellException IWriteTarget.Error(System.Data.Common.DbException e) => e is SqliteException s
        ? StoreErrors.From(s, Path)
        : new PermShellException("PermShell.Store.Failed", ProblemKind.InvalidOperation, $"The store '{Path}' reported an error: {e.Message}", Path, e);

    void IWriteTarget.CommitTransaction(System.Data.Common.DbTransaction tx)
    {
        var connection = (SqliteConnection)tx.Connection!;
        Busy.Retry(tx.Commit, Path);
        // Closing the last connection folds the -wal into the file; with this process's idle read connections open,
        // this one is not the last, so it folds it itself: between calls the file alone is still the whole store.
        if (IdleReadConnections.Holds(Path)) IdleReadConnections.FoldWal(connection);
    }

    /// <summary>A new connection to the store file (after the checks of a new open, when they are still owed).</summary>
    internal SqliteConnection Connect()
    {
        if (_openChecksOwed) OpenFile();
        return ConnectTo(Path);
    }

    internal static SqliteConnection ConnectTo(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            // No pooling: a finished cmdlet must not keep the file open (tests delete it, admins move it).
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
            cmd.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw StoreErrors.From(e, path);
        }
    }

    /// <summary>One unit of work on its own connection, retried whole when SQLite reports a lock without waiting.</summary>
    private T Run<T>(Func<SqliteConnection, T> action) => Busy.Retry(() =>
    {
        using var connection = Connect();
        return action(connection);
    }, Path);

    private static void CheckHeader(string path, StoreFileHeader header)
    {
        if (header.IsEmpty)
            throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                $"'{path}' is an empty file, not a PermShell store. It was left untouched. To make a store there, use New-PermissionStore -Path '{path}' -Force.", path);
        if (!header.IsSqlite)
            throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                $"'{path}' is not a PermShell store (it is not a SQLite database). It was left untouched.", path);
        if (!header.IsPermShellStore)
            throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                $"'{path}' is a SQLite database but not a PermShell store. It was left untouched.", path);
        CheckVersion(path, header.UserVersion);
    }

    private static void CheckVersion(string path, int version)
    {
        if (version > StoreSchema.CurrentVersion)
            throw new PermShellException("PermShell.Store.NewerSchema", ProblemKind.InvalidData,
                $"The store '{path}' has schema version {version}, written by a newer PermShell; this one understands up to version {StoreSchema.CurrentVersion}. Update PermShell. The store was left untouched.", path);
    }

    /// <summary>Brings a new empty file (one we just made) or an older schema up to date; refuses a newer one before writing.</summary>
    private void MigrateIfNeeded() => Run(connection =>
    {
        var version = ScalarInt(connection, null, "PRAGMA user_version;");
        var applicationId = ScalarInt(connection, null, "PRAGMA application_id;");
        var isFresh = version == 0 && applicationId == 0 && ScalarInt(connection, null, "SELECT count(*) FROM sqlite_master;") == 0;
        if (!isFresh && (uint)applicationId != StoreFileHeader.PermShellApplicationId)
            throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                $"'{Path}' is a SQLite database but not a PermShell store. It was left untouched.", Path);
        CheckVersion(Path, version);
        if (version == StoreSchema.CurrentVersion) return 0;
        if (isFresh) Execute(connection, null, $"PRAGMA journal_mode = WAL; PRAGMA application_id = {StoreFileHeader.PermShellApplicationId};");
        using (var tx = connection.BeginTransaction(deferred: false))
        {
            // Another process may have migrated while we waited for the write lock.
            var current = ScalarInt(connection, tx, "PRAGMA user_version;");
            StoreSchema.Migrate(connection, tx, current);
            if (current == 0)
                StoreMeta.Set(connection, tx, "store_id", NewStoreId());
            else
                StartLog(connection, tx, current);
            tx.Commit();
        }
        Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);");
        return 0;
    });

    /// <summary>
    /// An existing store's log starts vouching for its data now: one entry carries the digest of the tables as they
    /// are (the only full scan a write ever makes) and says that what came before was not logged (a store without a
    /// log) or not covered (a store whose log had no digests).
    /// </summary>
    private static void StartLog(SqliteConnection connection, SqliteTransaction tx, int fromVersion)
    {
        using var log = LogAppender.Open(connection, tx);
        log.Digest = ContentDigest.Scan(connection, tx);
        var version = typeof(PermissionStore).Assembly.GetName().Version;
        var (action, target) = fromVersion < StoreSchema.ChangeLogVersion
            ? ("Start Log", "The change log starts here; changes made before this schema upgrade were not logged. Each entry carries a digest of the store's data after it.")
            : ("Start Digest", "From here on each entry carries a digest of the store's data after it, which Test-PermissionLog checks the tables against; the data before this entry was not covered.");
        log.Append(new ChangeSource($"PermShell {version?.ToString(3)} schema migration {fromVersion} -> {StoreSchema.CurrentVersion}"), action, "", target);
        log.WriteHead(connection, tx);
    }

    private void Checkpoint() => Run(connection => { Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);"); return 0; });

    /// <summary>
    /// The store's state as (store id, revision): equal pairs mean the same content, which is what the snapshot cache
    /// and a writer's freshness check rely on. The revision counts commits; the store id is not the file's identity but
    /// the state's: every commit, a restore and a new store write a fresh random one (<see cref="NewStoreId"/>). So two
    /// copies of one file changed apart, or a backup restored over a store that went on changing, may reach the same
    /// revision but never the same pair.
    /// </summary>
    internal static (string StoreId, long Revision) ReadRevision(SqliteConnection connection, SqliteTransaction tx) => StoreMeta.Revision(connection, tx);

    /// <summary>A fresh, random store id: see <see cref="ReadRevision"/>.</summary>
    internal static string NewStoreId() => Guid.NewGuid().ToString("N");

    private static int ScalarInt(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
