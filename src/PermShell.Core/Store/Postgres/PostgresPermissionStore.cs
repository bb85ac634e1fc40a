using System.Data;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using PermShell.Core.Engine;
using PermShell.Core.Templates;

namespace PermShell.Core.Store.Postgres;

/// <summary>
/// A PermShell store in one schema of a PostgreSQL database: the backend for a store that many machines share. The
/// tables, the writer (<see cref="StoreWriter"/>), the state loader, the change log and its verification are the SQLite
/// store's; what is PostgreSQL's own is here: how a call finds out whether the store moved (one read of the revision
/// row, then the cached snapshot or one repeatable-read load), how writers on many machines queue (each commit locks
/// the revision row, SELECT … FOR UPDATE, before it reads the state it checks its changes against, so commits and the
/// log entries they chain never interleave), and who the log names (the session user, recorded by the server).
/// </summary>
public sealed class PostgresPermissionStore : IPermissionStore, IBackupSource, IWriteTarget, StoreCopy.IRows
{
    private readonly PostgresLocation _location;
    private readonly SnapshotCache _cache;
    private string? _sessionUser;

    private PostgresPermissionStore(PostgresLocation location, SnapshotCache cache, bool createIfMissing = false)
    {
        _location = location;
        _cache = cache;
        _createIfMissing = createIfMissing;
    }

    private readonly bool _createIfMissing;

    /// <summary>
    /// Opened on the strength of a connection this process keeps to the store (see <see cref="KeptConnections"/>): the
    /// checks of a new open are still owed. <see cref="Read"/> sees what they would (its query carries the schema
    /// version, and a store gone fails it) and makes them then; anything else makes them when it connects.
    /// </summary>
    private volatile bool _openChecksOwed;

    /// <summary>What names this store's kept connection: the connection string (password included) and the schema.</summary>
    private string KeptKey => _location.ConnectionString + "\n" + Schema;

    /// <summary>The snapshots this store object reads into (the process's, or a test's second process's).</summary>
    internal SnapshotCache Cache => _cache;

    /// <summary>postgresql://user@host:port/database?schema=name: never a password.</summary>
    public string Location => _location.Display;

    /// <summary>The schema that holds the store.</summary>
    public string Schema => _location.Schema;

    /// <summary>The database session user, as the server authenticated it: what the change log names.</summary>
    public string Actor => _sessionUser ??= Run(c => (string)Scalar(c, null, "SELECT session_user;")!);

    /// <summary>
    /// Opens the store at <paramref name="location"/> (a connection string or URI), migrating its schema forward. A
    /// schema without a store is made one only with <paramref name="createIfMissing"/> (PermShell.Store.NotFound otherwise).
    /// </summary>
    public static PostgresPermissionStore Open(string location, bool createIfMissing = false) => Open(location, createIfMissing, SnapshotCache.Shared);

    /// <summary>Opens the store with its own snapshot cache: a test's second process on the same store.</summary>
    internal static PostgresPermissionStore Open(string location, bool createIfMissing, SnapshotCache cache)
    {
        var store = new PostgresPermissionStore(PostgresLocation.Parse(location), cache, createIfMissing);
        // A store a call of this process read a moment ago: no round trip here (see _openChecksOwed).
        if (KeptConnections.Has(store.KeptKey, cache)) store._openChecksOwed = true;
        else store.Run(store.OpenChecks);
        return store;
    }

    /// <summary>
    /// The checks of a new open on <paramref name="c"/>: the schema holds a store (or, when one may be made there, is
    /// made one) that this PermShell reads, migrated forward if it is older.
    /// </summary>
    private int OpenChecks(NpgsqlConnection c)
    {
        _openChecksOwed = false;
        var version = PostgresSchema.VersionOf(c, null, Schema);
        if (version == 0 && !_createIfMissing) throw NotFound();
        CheckVersion(version);
        if (version != PostgresSchema.CurrentVersion) Migrate(c, StoreTemplateKind.Empty, null, replace: false);
        return 0;
    }

    /// <summary>Creates a new store filled from <paramref name="template"/>; an existing one is replaced only with <paramref name="overwrite"/>.</summary>
    public static PostgresPermissionStore Create(string location, StoreTemplateKind template, bool overwrite, ChangeSource? source = null)
    {
        var store = new PostgresPermissionStore(PostgresLocation.Parse(location), SnapshotCache.Shared);
        store.Run(c =>
        {
            var version = PostgresSchema.VersionOf(c, null, store.Schema);
            if (version != 0 && !overwrite)
                throw new PermShellException("PermShell.Store.Exists", ProblemKind.ResourceExists,
                    $"'{store.Location}' already holds a PermShell store. Use -Force to replace it with a new store.", store.Location);
            store.Migrate(c, template, source, replace: overwrite);
            return 0;
        });
        return store;
    }

    /// <summary>The content of the store at <paramref name="location"/> for tab completion: null when it is not a current store or cannot be read; never writes.</summary>
    internal static PermissionState? Peek(string location)
    {
        try
        {
            var store = new PostgresPermissionStore(PostgresLocation.Parse(location), SnapshotCache.Shared);
            var current = store.Run(c => PostgresSchema.VersionOf(c, null, store.Schema) == PostgresSchema.CurrentVersion);
            return current ? store.Read().Snapshot.State : null;
        }
        catch (PermShellException)
        {
            return null;
        }
    }

    private PermShellException NotFound() => new("PermShell.Store.NotFound", ProblemKind.ObjectNotFound,
        $"There is no store at '{Location}'. Check the connection string, or create a store there with New-PermissionStore -ConnectionString.", Location);

    private void CheckVersion(int version)
    {
        if (version < 0)
            throw new PermShellException("PermShell.Store.NotAStore", ProblemKind.InvalidData,
                $"The schema '{Schema}' of '{Location}' has a meta table that is not a PermShell store's. It was left untouched.", Location);
        if (version > PostgresSchema.CurrentVersion)
            throw new PermShellException("PermShell.Store.NewerSchema", ProblemKind.InvalidData,
                $"The store '{Location}' has schema version {version}, written by a newer PermShell; this one understands up to version {PostgresSchema.CurrentVersion}. Update PermShell. The store was left untouched.", Location);
    }

    /// <summary>
    /// Brings the schema up to date in one transaction, under a lock that makes concurrent openers wait for one
    /// migration; a new store (or one replaced, <paramref name="replace"/>) gets its template's content in the same
    /// transaction, so nobody sees it half made.
    /// </summary>
    private void Migrate(NpgsqlConnection c, StoreTemplateKind template, ChangeSource? source, bool replace)
    {
        using var tx = c.BeginTransaction(IsolationLevel.ReadCommitted);
        Execute(c, tx, $"SELECT pg_advisory_xact_lock(hashtext('permshell:' || current_database() || ':' || {Quote(Schema)}));");
        Execute(c, tx, $"CREATE SCHEMA IF NOT EXISTS {Ident(Schema)};");
        var current = PostgresSchema.VersionOf(c, tx, Schema);
        CheckVersion(current);
        if (replace && current != 0)
        {
            PostgresSchema.Drop(c, tx);
            current = 0;
        }
        if (current == PostgresSchema.CurrentVersion) return;
        PostgresSchema.Migrate(c, tx, current);
        if (current != 0)
        {
            tx.Commit();
            return;
        }
        StoreMeta.Set(c, tx, "store_id", PermissionStore.NewStoreId());
        using var writer = new StoreWriter(this, c, tx, StateLoader.Load(c, tx), null, new StoreVersion(StoreMeta.Revision(c, tx).StoreId, 0), source ?? ChangeSource.Unspecified, ownsConnection: false);
        foreach (var change in StateAsChanges.Additions(StoreTemplate.Create(template))) writer.Apply(change);
        if (writer.Applied.Count > 0) writer.Commit();
        else tx.Commit();
    }

    /// <summary>
    /// The store's content as of its latest commit, on the connection kept for the store (see <see cref="KeptConnections"/>):
    /// one round trip while the store stands still (its revision and schema version), plus one repeatable-read load
    /// when it changed. A store dropped, replaced by a newer PermShell's or migrated elsewhere is checked as a new open would.
    /// </summary>
    public (PermissionSnapshot Snapshot, StoreVersion Version) Read()
    {
        var (snapshot, version, _) = ReadFor(onlyFor: null);
        return (snapshot, version);
    }

    /// <summary>
    /// <see cref="Read"/>; with <paramref name="onlyFor"/>, when this process has no snapshot of the store's current
    /// state, only what decisions about those subjects depend on is read (<see cref="PartialStateLoader"/>; Partial says
    /// so, and such a snapshot is not cached), unless that loader declines.
    /// </summary>
    internal (PermissionSnapshot Snapshot, StoreVersion Version, bool Partial) ReadFor(IReadOnlyCollection<string>? onlyFor) => OnKeptConnection(c =>
    {
        if (Current(c) is not { } at)
        {
            OpenChecks(c);
            at = Current(c) ?? throw NotFound();
        }
        // A current store is there: what the checks of a new open would have found.
        _openChecksOwed = false;
        if (_cache.Find(Location, at) is { } cached) return (cached, new StoreVersion(at.StoreId, at.Revision), false);
        using var tx = c.BeginTransaction(IsolationLevel.RepeatableRead);
        at = StoreMeta.Revision(c, tx);
        if (onlyFor is not null && PartialStateLoader.Load(c, tx, onlyFor) is { } partial)
        {
            tx.Commit();
            return (new PermissionSnapshot(partial), new StoreVersion(at.StoreId, at.Revision), true);
        }
        var snapshot = new PermissionSnapshot(StateLoader.Load(c, tx));
        tx.Commit();
        _cache.Put(Location, at, snapshot);
        return (snapshot, new StoreVersion(at.StoreId, at.Revision), false);
    });

    /// <summary>
    /// The store's (store id, revision) in one query, when the schema holds a store of the current schema version; null
    /// when it does not (no store there, one of another version, or a meta table that is not a store's).
    /// </summary>
    private static (string StoreId, long Revision)? Current(NpgsqlConnection c)
    {
        try
        {
            using var cmd = new NpgsqlCommand("SELECT key, value FROM meta WHERE key IN ('store_id', 'revision', 'schema_version');", c);
            // Prepared once per connection (Npgsql keeps it with the connection): the server then skips parsing and planning.
            cmd.Prepare();
            string? storeId = null, revision = null, schemaVersion = null;
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    switch (reader.GetString(0))
                    {
                        case "store_id": storeId = reader.GetString(1); break;
                        case "revision": revision = reader.GetString(1); break;
                        default: schemaVersion = reader.GetString(1); break;
                    }
                }
            }
            if (storeId is null || schemaVersion != PostgresSchema.CurrentVersion.ToString(CultureInfo.InvariantCulture)) return null;
            return (storeId, long.Parse(revision ?? "0", CultureInfo.InvariantCulture));
        }
        // No such schema or table, or a table of that name that is no store's: the checks of a new open say which.
        catch (PostgresException e) when (e.SqlState.StartsWith("42", StringComparison.Ordinal) && e.SqlState != "42501" || e.SqlState == "3F000")
        {
            return null;
        }
    }

    /// <summary>
    /// <paramref name="work"/> on the connection this process keeps to the store (opened when there is none), kept again
    /// for the next call when the work is done. A kept connection the server closed meanwhile (a restart, an idle
    /// timeout) is replaced by a new one, once.
    /// </summary>
    private T OnKeptConnection<T>(Func<NpgsqlConnection, T> work)
    {
        var kept = KeptConnections.Take(KeptKey, _cache);
        var c = kept ?? Connect();
        try
        {
            T result;
            try
            {
                result = work(c);
            }
            catch (Exception e) when (kept is not null && PostgresErrors.IsDatabaseFailure(e) && c.FullState != ConnectionState.Open)
            {
                c.Dispose();
                c = Connect();
                result = work(c);
            }
            KeptConnections.Keep(KeptKey, _cache, c);
            c = null;
            return result;
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseFailure(e))
        {
            throw PostgresErrors.From(e, _location);
        }
        finally
        {
            c?.Dispose();
        }
    }

    /// <summary>A writer's connection, its transaction ended: kept for the next call when it is still open and idle.</summary>
    void IWriteTarget.Release(DbConnection connection)
    {
        if (connection is NpgsqlConnection { FullState: ConnectionState.Open } open) KeptConnections.Keep(KeptKey, _cache, open);
        else connection.Dispose();
    }

    public IReadOnlyList<Change> Commit(ChangeBatch batch, Action<int, int>? progress = null) =>
        StoreWriter.Write(BeginWrite, batch, progress);

    /// <summary>One Denied entry per refused change or operation, in a transaction of its own; the data is not touched. The server records the actor.</summary>
    public void RecordDenied(ChangeSource source, IReadOnlyList<Rules.Problem> denied) =>
        StoreWriter.WriteDenied(BeginWrite, source, denied);

    /// <summary>
    /// Starts a write transaction: it first locks the revision row (other writers wait there until this one commits
    /// or rolls back), then reads the state as the last commit left it. Dispose without Commit rolls back.
    /// </summary>
    public StoreWriter BeginWrite(ChangeSource? source = null)
    {
        _ = Actor;
        // The connection kept for this store's reads, when there is one: no pooled open, reset and search path for the
        // write (Release gives it back once the transaction has ended).
        var kept = KeptConnections.Take(KeptKey, _cache);
        var c = kept ?? Connect();
        try
        {
            try
            {
                return BeginWriteOn(c, source);
            }
            catch (Exception e) when (kept is not null && PostgresErrors.IsDatabaseFailure(e) && c.FullState != ConnectionState.Open)
            {
                // The server closed the kept connection meanwhile (a restart, an idle timeout): once more on a new one.
                c.Dispose();
                c = Connect();
                return BeginWriteOn(c, source);
            }
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseFailure(e))
        {
            c.Dispose();
            throw PostgresErrors.From(e, _location);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    private StoreWriter BeginWriteOn(NpgsqlConnection c, ChangeSource? source)
    {
        var tx = c.BeginTransaction(IsolationLevel.ReadCommitted);
        var at = StoreMeta.Revision(c, tx, forUpdate: true);
        var cached = _cache.Find(Location, at);
        var state = cached?.State.Clone() ?? StateLoader.Load(c, tx);
        return new StoreWriter(this, c, tx, state, cached, new StoreVersion(at.StoreId, at.Revision), source ?? ChangeSource.Unspecified);
    }

    public IEnumerable<LogEntry> ReadLog(DateTime? since = null, int? last = null, Func<LogEntry, bool>? filter = null, long after = 0) =>
        ChangeLog.Paged(where => Run(c => ChangeLog.ReadPage(c, where)), since, last, filter, after);

    public LogVerification VerifyLog() => Run(c =>
    {
        using var tx = c.BeginTransaction(IsolationLevel.RepeatableRead);
        return LogVerifier.Verify(new DbLogRecords(c, tx));
    });

    public StoreInfo Info(bool isDefault)
    {
        var (snapshot, version) = Read();
        return PermissionStoreReads.InfoOf(Location, PostgresSchema.CurrentVersion, snapshot.State, version, isDefault);
    }

    /// <summary>
    /// Writes a PermShell backup file (a SQLite store, the format Restore-PermissionStore reads into either backend)
    /// of one consistent version of this store, its log copied verbatim, verified before it replaces anything.
    /// </summary>
    public StoreBackup Backup(string destination, bool overwrite) =>
        PermissionStore.WriteBackup(Location, Path.GetFullPath(destination), overwrite, temp => StoreCopy.Between(this, PermissionStore.NewEmptyAt(temp)));

    /// <summary>
    /// Replaces the store at <paramref name="target"/> (made first when there is none) with a checked copy of the
    /// backup file <paramref name="backup"/>, in one transaction that waits for the writers before it and reads what it
    /// replaces: the restored log's last entry, "Restore Store", names the backup and the revision and log head it
    /// replaced, and is the session user's.
    /// </summary>
    public static PostgresPermissionStore Restore(string backup, string target, ChangeSource source)
    {
        var location = PostgresLocation.Parse(target);
        var existed = new PostgresPermissionStore(location, SnapshotCache.Shared).Run(c => PostgresSchema.VersionOf(c, null, location.Schema) != 0);
        var store = Open(target, createIfMissing: true);
        var near = Path.Combine(Path.GetTempPath(), "permshell");
        PermissionStore.WithCheckedBackup(backup, near, source, (temp, restoredFrom) =>
        {
            var copy = (StoreCopy.IRows)PermissionStore.Open(temp);
            ((StoreCopy.IRows)store).Rewrite((c, tx) =>
            {
                var replaced = existed ? StoreCopy.HeadOf(c, tx) : null;
                copy.ReadConsistent((from, fromTx) =>
                {
                    StoreCopy.Rows(from, fromTx, c, tx);
                    return 0;
                });
                StoreCopy.RecordRestore(c, tx, replaced, restoredFrom, store.Actor);
            });
            return 0;
        });
        return store;
    }

    T StoreCopy.IRows.ReadConsistent<T>(Func<DbConnection, DbTransaction, T> read) => Run(c =>
    {
        using var tx = c.BeginTransaction(IsolationLevel.RepeatableRead);
        return read(c, tx);
    });

    /// <summary>Queues behind the writers on the revision row like a commit, with the log's guard lifted for this transaction.</summary>
    void StoreCopy.IRows.Rewrite(Action<DbConnection, DbTransaction> write)
    {
        _ = Actor;
        Run(c =>
        {
            using var tx = c.BeginTransaction(IsolationLevel.ReadCommitted);
            StoreMeta.Revision(c, tx, forUpdate: true);
            PostgresSchema.AllowReplacingTheLog(c, tx);
            write(c, tx);
            tx.Commit();
            return 0;
        });
    }

    string? IWriteTarget.ServerActor => Actor;

    PermShellException IWriteTarget.Error(DbException e) => PostgresErrors.From(e, _location);

    void IWriteTarget.CommitTransaction(DbTransaction tx) => tx.Commit();

    void IWriteTarget.Publish(string storeId, long revision, PermissionState state, PermissionSnapshot? basedOn, IReadOnlyList<Change> applied) =>
        _cache.PutCommitted(Location, (storeId, revision), state, basedOn, applied);

    /// <summary>
    /// An open connection to the store's database, from the pool of that database, its search path set to the store's
    /// schema: unqualified table names then mean the store's (pg_catalog, for session_user and the like, is always searched).
    /// </summary>
    internal NpgsqlConnection Connect()
    {
        var c = new NpgsqlConnection(_location.ConnectionString);
        try
        {
            c.Open();
            Execute(c, null, $"SET search_path TO {Ident(Schema)};");
            if (_openChecksOwed) OpenChecks(c);
            return c;
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseFailure(e))
        {
            c.Dispose();
            throw PostgresErrors.From(e, _location);
        }
        catch
        {
            c.Dispose();
            throw;
        }
    }

    /// <summary>One unit of work on its own (pooled) connection; the database's failures become PermShell errors.</summary>
    private T Run<T>(Func<NpgsqlConnection, T> work)
    {
        using var c = Connect();
        try
        {
            return work(c);
        }
        catch (Exception e) when (PostgresErrors.IsDatabaseFailure(e))
        {
            throw PostgresErrors.From(e, _location);
        }
    }

    private static object? Scalar(NpgsqlConnection c, NpgsqlTransaction? tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        return cmd.ExecuteScalar();
    }

    private static void Execute(NpgsqlConnection c, NpgsqlTransaction? tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.ExecuteNonQuery();
    }

    private static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
