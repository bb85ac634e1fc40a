using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// Backups and restores. Neither copies the file of a store in use (a copied file can miss what is still in its -wal,
/// and a file copied over a store in use corrupts it for every process that has it open): a backup reads through
/// SQLite's online backup API, a restore writes the rows in one transaction on the store. Both prepare a temporary
/// file next to the destination and verify it before anything is replaced.
/// </summary>
public sealed partial class PermissionStore
{
    /// <summary>
    /// For tests: called with the destination's path at the last instant before a verified copy takes its place (a
    /// backup over an older one, a restored store over the store), so a test can fail there or write there from a second store.
    /// </summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeReplace = new();

    /// <summary>
    /// Copies the store to <paramref name="destination"/> while others may keep reading and writing it: the copy is
    /// one consistent revision. The copy is verified (header, integrity_check, change log) before it replaces anything.
    /// </summary>
    public StoreBackup Backup(string destination, bool overwrite)
    {
        var dest = System.IO.Path.GetFullPath(destination);
        if (FilePaths.Same(dest, Path))
            throw new PermShellException("PermShell.Backup.SameFile", ProblemKind.InvalidArgument,
                $"The backup destination '{dest}' is the store itself. Choose another file.", dest);
        return WriteBackup(Path, dest, overwrite, temp => Busy.Retry(() =>
        {
            using var source = Connect();
            using var target = ConnectTo(temp);
            // WAL like every store, so that the copy can be used as a store as it is; a fresh file allows the switch.
            Execute(target, null, "PRAGMA journal_mode = WAL;");
            source.BackupDatabase(target);
        }, Path));
    }

    /// <summary>
    /// Writes a backup file of the store at <paramref name="store"/> (its location, as the result names it) to
    /// <paramref name="dest"/>: <paramref name="copyInto"/> fills a new temporary file next to it, which is verified
    /// (header, integrity_check, change log) before it replaces anything. Every backend's backups end here.
    /// </summary>
    internal static StoreBackup WriteBackup(string store, string dest, bool overwrite, Action<string> copyInto)
    {
        CheckReplaceable(dest, overwrite);
        return WithTemporaryFileNextTo(dest, "backup", "PermShell.Backup.CannotWrite", "Cannot write the backup", temp =>
        {
            copyInto(temp);
            var verification = VerifyCopy(temp, "PermShell.Backup.Damaged", $"The backup of '{store}' failed its check");
            Checkpoint(temp);
            ReplaceWith(temp, dest);
            var head = HeadOf(dest);
            return new StoreBackup
            {
                Path = dest,
                Store = store,
                Time = DateTime.UtcNow,
                Revision = head.Revision,
                LogEntries = head.LogCount,
                LogHead = head.LogHead,
                LogIntact = verification.IsIntact,
                Size = new FileInfo(dest).Length,
                Sha256 = FileHash(dest),
            };
        });
    }

    /// <summary>
    /// Replaces the store at <paramref name="target"/> with the backup at <paramref name="backup"/>. The backup is
    /// copied to a temporary file and checked there (an older schema is migrated there, never in the backup file):
    /// integrity_check and an intact change log, else nothing is replaced. A store in use is replaced in one write
    /// transaction on the store itself, so other processes see the old store or the restored one, never a mixture,
    /// and that transaction also reads what it replaces: the restored log's last entry, "Restore Store", names the
    /// backup (path and SHA-256) and the revision and log head it replaced, even a write made a moment before. The
    /// restored store gets a new store id and a revision past both, so no process can take it for a state it has seen.
    /// </summary>
    public static PermissionStore Restore(string backup, string target, ChangeSource source)
    {
        var to = System.IO.Path.GetFullPath(target);
        var replacing = CheckRestorable(to);
        return WithCheckedBackup(backup, to, source, (temp, restoredFrom) =>
        {
            BeforeReplace.Value?.Invoke(to);
            if (!replacing)
            {
                using (var c = ConnectTo(temp))
                using (var tx = c.BeginTransaction(deferred: false))
                {
                    StoreCopy.RecordRestore(c, tx, replaced: null, restoredFrom);
                    tx.Commit();
                }
                Checkpoint(temp);
                IdleReadConnections.Drop(to);
                OwnerOnlyFile.DeleteSideFiles(to);
                File.Move(temp, to);
            }
            else
            {
                // Same schema on both sides, so that the rows can be copied table by table.
                Open(to);
                Busy.Retry(() => ReplaceContent(to, temp, restoredFrom), to);
            }
            return Open(to);
        });
    }

    /// <summary>
    /// Checks the backup at <paramref name="backup"/> (a PermShell store file) and runs <paramref name="restore"/> on a
    /// checked copy of it in a temporary file next to <paramref name="near"/> (an older schema migrated there, never in
    /// the backup file): integrity_check and an intact change log, else nothing is restored. <paramref name="restore"/>
    /// also gets the source its "Restore Store" entry names: the backup's path and SHA-256. Every backend's restores start here.
    /// </summary>
    internal static T WithCheckedBackup<T>(string backup, string near, ChangeSource source, Func<string, ChangeSource, T> restore)
    {
        var from = System.IO.Path.GetFullPath(backup);
        if (FilePaths.Same(from, near))
            throw new PermShellException("PermShell.Restore.SameFile", ProblemKind.InvalidArgument,
                $"'{from}' is the store itself; name the backup to restore from.", from);
        var backupHeader = StoreFileHeader.Read(from);
        if (!backupHeader.Exists)
            throw new PermShellException("PermShell.Restore.NotFound", ProblemKind.ObjectNotFound, $"There is no backup at '{from}'.", from);
        if (!backupHeader.IsPermShellStore)
            throw new PermShellException("PermShell.Restore.NotABackup", ProblemKind.InvalidData,
                $"'{from}' is not a PermShell store or backup; nothing was restored.", from);
        return WithTemporaryFileNextTo(near, "restore", "PermShell.Restore.CannotWrite", "Cannot restore to", temp =>
        {
            CopyBytes(from, temp);
            if (File.Exists(from + "-wal")) CopyBytes(from + "-wal", temp + "-wal");
            var verification = VerifyCopy(temp, "PermShell.Restore.Damaged", $"The backup '{from}' cannot be restored");
            if (!verification.IsIntact)
                throw new PermShellException("PermShell.Restore.LogDamaged", ProblemKind.InvalidData,
                    $"The backup '{from}' cannot be restored: its change log is damaged ({verification.Message}). Nothing was replaced.", from);
            return restore(temp, new ChangeSource($"{source.Text} {from} sha256:{FileHash(from)}"));
        });
    }

    /// <summary>
    /// Whether a restore to <paramref name="path"/> replaces a store (true) or makes a new one (false: there is no file).
    /// A file that is not a PermShell store (an empty file included) and a damaged store are refused.
    /// </summary>
    private static bool CheckRestorable(string path)
    {
        var header = StoreFileHeader.Read(path);
        if (!header.Exists) return false;
        if (!header.IsPermShellStore)
            throw new PermShellException("PermShell.Restore.NotAStore", ProblemKind.InvalidData,
                $"'{path}' is {(header.IsEmpty ? "an empty file, " : "")}not a PermShell store, so it was not replaced. Remove it yourself if you mean to.", path);
        try
        {
            using var c = ConnectTo(path);
            if (IntegrityCheck(c) is not ["ok"]) throw new SqliteException("integrity_check failed", 11);
            return true;
        }
        catch (Exception e) when (e is SqliteException or PermShellException)
        {
            throw new PermShellException("PermShell.Restore.TargetDamaged", ProblemKind.InvalidData,
                $"The store '{path}' cannot be read ({e.Message}), so it was not replaced in place. Move it (and its -wal and -shm files) aside, keep it for investigation, and restore again.", path, e);
        }
    }

    /// <summary>
    /// Replaces every row of the store at <paramref name="target"/> with the rows of the checked copy at
    /// <paramref name="restored"/>, in one IMMEDIATE transaction that first reads the head it replaces: a writer that
    /// commits before it is named in the restore's log entry, one that commits after works on the restored store.
    /// </summary>
    private static void ReplaceContent(string target, string restored, ChangeSource source)
    {
        using var c = ConnectTo(target);
        // ATTACH is refused inside a transaction, so it comes first; the restored copy is ours alone.
        using (var attach = c.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE $path AS restored;";
            attach.Parameters.AddWithValue("$path", restored);
            attach.ExecuteNonQuery();
        }
        using var tx = c.BeginTransaction(deferred: false);
        var replaced = StoreCopy.HeadOf(c, tx);
        if (ScalarInt(c, tx, "PRAGMA main.user_version;") != ScalarInt(c, tx, "PRAGMA restored.user_version;"))
            throw new PermShellException("PermShell.Restore.Damaged", ProblemKind.InvalidData,
                $"The store '{target}' and the checked copy of the backup have different schema versions; nothing was replaced.", target);
        var tables = Rows(c, tx, "SELECT name FROM restored.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY rowid;").Select(r => r[0]).ToList();
        WithLogGuardsSetAside(c, tx, () =>
        {
            foreach (var table in Enumerable.Reverse(tables)) Execute(c, tx, $"DELETE FROM main.{Quoted(table)};");
            foreach (var table in tables) Execute(c, tx, $"INSERT INTO main.{Quoted(table)} SELECT * FROM restored.{Quoted(table)};");
        });
        StoreCopy.RecordRestore(c, tx, replaced, source);
        tx.Commit();
    }

    /// <summary>
    /// Runs <paramref name="replace"/>, which changes the whole content at once: references are checked at commit, and
    /// the log's append-only triggers (there against edits, not against a restore or a copy) are set aside and put
    /// back in this transaction.
    /// </summary>
    private static void WithLogGuardsSetAside(SqliteConnection c, SqliteTransaction tx, Action replace)
    {
        var triggers = Rows(c, tx, "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger';").Select(r => (Name: r[0], Sql: r[1])).ToList();
        Execute(c, tx, "PRAGMA defer_foreign_keys = ON;");
        foreach (var (name, _) in triggers) Execute(c, tx, $"DROP TRIGGER main.{Quoted(name)};");
        replace();
        foreach (var (_, sql) in triggers) Execute(c, tx, sql);
    }

    /// <summary>A new, empty store file at <paramref name="path"/> (an empty file made by <see cref="WithTemporaryFileNextTo"/>), for rows copied from elsewhere.</summary>
    internal static PermissionStore NewEmptyAt(string path)
    {
        var store = new PermissionStore(path, SnapshotCache.Shared);
        store.MigrateIfNeeded();
        return store;
    }

    T StoreCopy.IRows.ReadConsistent<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, T> read) => Run(c =>
    {
        using var tx = c.BeginTransaction(deferred: true);
        return read(c, tx);
    });

    /// <summary>One IMMEDIATE transaction that may replace the whole content (see <see cref="WithLogGuardsSetAside"/>).</summary>
    void StoreCopy.IRows.Rewrite(Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction> write) => Busy.Retry(() =>
    {
        using var c = Connect();
        using var tx = c.BeginTransaction(deferred: false);
        WithLogGuardsSetAside(c, tx, () => write(c, tx));
        tx.Commit();
    }, Path);

    /// <summary>Opens a copy as a store (migrating it), and checks its structure and its log.</summary>
    private static LogVerification VerifyCopy(string path, string errorId, string what)
    {
        try
        {
            var copy = Open(path);
            var integrity = copy.CheckIntegrity();
            if (integrity is not ["ok"])
                throw new PermShellException(errorId, ProblemKind.InvalidData, $"{what}: SQLite's integrity check failed ({string.Join("; ", integrity.Take(3))}).", path);
            return copy.VerifyLog();
        }
        catch (PermShellException e) when (e.ErrorId != errorId)
        {
            throw new PermShellException(errorId, ProblemKind.InvalidData, $"{what}: {e.Message}", path, e);
        }
        finally
        {
            SnapshotCache.Shared.Forget(path);
        }
    }

    /// <summary>The revision and log head of the store file at <paramref name="path"/>.</summary>
    private static StoreCopy.Head HeadOf(string path)
    {
        using var c = ConnectTo(path);
        using var tx = c.BeginTransaction(deferred: true);
        return StoreCopy.HeadOf(c, tx);
    }

    /// <summary>Refuses to overwrite without leave, and never overwrites a file that is not a PermShell store.</summary>
    private static void CheckReplaceable(string dest, bool overwrite)
    {
        if (Directory.Exists(dest))
            throw new PermShellException("PermShell.Backup.IsFolder", ProblemKind.InvalidArgument, $"'{dest}' is a folder; name the file to write.", dest);
        if (!File.Exists(dest)) return;
        if (!overwrite)
            throw new PermShellException("PermShell.Backup.Exists", ProblemKind.ResourceExists, $"'{dest}' already exists. Use -Force to replace it.", dest);
        var header = StoreFileHeader.Read(dest);
        if (!header.IsEmpty && !header.IsPermShellStore)
            throw new PermShellException("PermShell.Backup.NotAStore", ProblemKind.InvalidData,
                $"'{dest}' is not a PermShell store, so it was not replaced (not even with -Force).", dest);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a new, empty, owner-only temporary file next to <paramref name="path"/> (in the
    /// same folder, so that a rename can put it in place in one step) and removes what is left of it afterwards,
    /// whatever happens. A failure of the file system is <paramref name="errorId"/>, naming <paramref name="path"/>.
    /// </summary>
    private static T WithTemporaryFileNextTo<T>(string path, string what, string errorId, string failure, Func<string, T> work)
    {
        var temp = $"{path}.{what}-{Guid.NewGuid():N}.tmp";
        try
        {
            OwnerOnlyFile.CreateEmpty(temp);
            return work(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException(errorId, ProblemKind.PermissionDenied, $"{failure} '{path}': {e.Message}", path, e);
        }
        finally
        {
            SnapshotCache.Shared.Forget(temp);
            OwnerOnlyFile.DeleteStore(temp);
        }
    }

    /// <summary>
    /// Puts the checked, checkpointed file <paramref name="temp"/> (next to <paramref name="destination"/>, so on the
    /// same file system) in place of <paramref name="destination"/> in one rename, which is atomic: a crash leaves the
    /// old file or the new one, never neither. A -wal beside the old file is folded into it first, so that nothing of
    /// it can be replayed into the new one; its emptied side files go after the rename.
    /// </summary>
    private static void ReplaceWith(string temp, string destination)
    {
        IdleReadConnections.Drop(destination);
        if (File.Exists(destination) && File.Exists(destination + "-wal")) Checkpoint(destination);
        BeforeReplace.Value?.Invoke(destination);
        File.Move(temp, destination, overwrite: true);
        OwnerOnlyFile.DeleteSideFiles(destination);
    }

    /// <summary>Folds the -wal into the file and closes it, so the file alone is the whole store.</summary>
    private static void Checkpoint(string path)
    {
        using var c = ConnectTo(path);
        Execute(c, null, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static void CopyBytes(string from, string to)
    {
        using var input = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var output = new FileStream(to, FileMode.Create, FileAccess.Write);
        input.CopyTo(output);
    }

    private static string FileHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static List<string[]> Rows(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string[]>();
        while (r.Read()) rows.Add(Enumerable.Range(0, r.FieldCount).Select(r.GetString).ToArray());
        return rows;
    }

    private static string Quoted(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
