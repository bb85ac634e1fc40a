using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>
/// Backups and restores. Both go through SQLite's online backup API, never a file copy of a store in use: a copied
/// file can miss what is still in its -wal, and a file copied over a store in use corrupts it for every process that
/// has it open. Both write a temporary file next to the destination, verify it, and only then put it in place.
/// </summary>
public sealed partial class PermissionStore
{
    /// <summary>
    /// For tests: called with the destination's path at the last instant before a verified copy takes its place (a
    /// backup over an older one), so a test can fail there.
    /// </summary>
    internal static readonly AsyncLocal<Action<string>?> BeforeReplace = new();

    /// <summary>
    /// Copies the store to <paramref name="destination"/> while others may keep reading and writing it: the copy is
    /// one consistent revision. The copy is verified (header, integrity_check, change log) before it replaces anything.
    /// </summary>
    public StoreBackup Backup(string destination, bool overwrite)
    {
        var dest = System.IO.Path.GetFullPath(destination);
        if (string.Equals(dest, Path, StringComparison.Ordinal))
            throw new PermShellException("PermShell.Backup.SameFile", ProblemKind.InvalidArgument,
                $"The backup destination '{dest}' is the store itself. Choose another file.", dest);
        CheckReplaceable(dest, overwrite, "Backup");
        var temp = TemporaryNextTo(dest, "backup");
        try
        {
            OwnerOnlyFile.CreateEmpty(temp);
            Busy.Retry(() =>
            {
                using var source = Connect();
                using var target = ConnectTo(temp);
                // WAL like every store, so that the copy can be used as a store as it is; a fresh file allows the switch.
                Execute(target, null, "PRAGMA journal_mode = WAL;");
                source.BackupDatabase(target);
            }, Path);
            var (revision, verification) = VerifyCopy(temp, "PermShell.Backup.Damaged", $"The backup of '{Path}' failed its check");
            Checkpoint(temp);
            ReplaceWith(temp, dest);
            var (count, head) = LogHeadOf(dest);
            return new StoreBackup
            {
                Path = dest,
                Store = Path,
                Time = DateTime.UtcNow,
                Revision = revision,
                LogEntries = count,
                LogHead = head,
                LogIntact = verification.IsIntact,
                Size = new FileInfo(dest).Length,
                Sha256 = FileHash(dest),
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException("PermShell.Backup.CannotWrite", ProblemKind.PermissionDenied,
                $"Cannot write the backup '{dest}': {e.Message}", dest, e);
        }
        finally
        {
            OwnerOnlyFile.DeleteStore(temp);
        }
    }

    /// <summary>
    /// Replaces the store at <paramref name="target"/> with the backup at <paramref name="backup"/>. The backup is
    /// copied to a temporary file and checked there (an older schema is migrated there, never in the backup file):
    /// integrity_check and an intact change log, else nothing is replaced. The restored log gets one more entry,
    /// "Restore Store", naming the backup (path and SHA-256) and the revision and log head it replaced, so the log
    /// shows that entries after the backup were dropped. A store in use is replaced in one SQLite transaction through
    /// the backup API, so other processes see the old store or the restored one, never a mixture.
    /// </summary>
    public static PermissionStore Restore(string backup, string target, ChangeSource source)
    {
        var from = System.IO.Path.GetFullPath(backup);
        var to = System.IO.Path.GetFullPath(target);
        if (string.Equals(from, to, StringComparison.Ordinal))
            throw new PermShellException("PermShell.Restore.SameFile", ProblemKind.InvalidArgument,
                $"'{from}' is the store itself; name the backup to restore from.", from);
        var backupHeader = StoreFileHeader.Read(from);
        if (!backupHeader.Exists)
            throw new PermShellException("PermShell.Restore.NotFound", ProblemKind.ObjectNotFound, $"There is no backup at '{from}'.", from);
        if (!backupHeader.IsPermShellStore)
            throw new PermShellException("PermShell.Restore.NotABackup", ProblemKind.InvalidData,
                $"'{from}' is not a PermShell store or backup; nothing was restored.", from);
        var replaced = CurrentHeadOf(to);
        var temp = TemporaryNextTo(to, "restore");
        try
        {
            OwnerOnlyFile.CreateEmpty(temp);
            CopyBytes(from, temp);
            if (File.Exists(from + "-wal")) CopyBytes(from + "-wal", temp + "-wal");
            var (backupRevision, verification) = VerifyCopy(temp, "PermShell.Restore.Damaged", $"The backup '{from}' cannot be restored");
            if (!verification.IsIntact)
                throw new PermShellException("PermShell.Restore.LogDamaged", ProblemKind.InvalidData,
                    $"The backup '{from}' cannot be restored: its change log is damaged ({verification.Message}). Nothing was replaced.", from);
            var (backupCount, backupHead) = LogHeadOf(temp);

            var copy = new PermissionStore(temp);
            using (var writer = copy.BeginWrite(new ChangeSource($"{source.Text} {from} sha256:{FileHash(from)}")))
            {
                writer.Log("Restore Store", "", string.Create(CultureInfo.InvariantCulture,
                    $"Restored revision {backupRevision} (log #{backupCount} {Short(backupHead)}) over {(replaced is { } r ? $"revision {r.Revision} (log #{r.LogCount} {Short(r.LogHead)})" : "no store")}."));
                writer.Commit();
            }
            // Past every revision the replaced store had, so that no process's cached snapshot can pass for the restored one.
            var revision = Math.Max(backupRevision + 1, (replaced?.Revision ?? 0) + 1);
            using (var c = ConnectTo(temp))
                Execute(c, null, $"UPDATE meta SET value = '{revision.ToString(CultureInfo.InvariantCulture)}' WHERE key = 'revision';");
            Cache.TryRemove(temp, out _);

            if (replaced is null)
            {
                Checkpoint(temp);
                OwnerOnlyFile.DeleteStore(to);
                File.Move(temp, to);
            }
            else
            {
                Busy.Retry(() =>
                {
                    using var source2 = ConnectTo(temp);
                    using var destination = ConnectTo(to);
                    source2.BackupDatabase(destination);
                }, to);
            }
            Cache.TryRemove(to, out _);
            return Open(to);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PermShellException("PermShell.Restore.CannotWrite", ProblemKind.PermissionDenied,
                $"Cannot restore to '{to}': {e.Message}", to, e);
        }
        finally
        {
            Cache.TryRemove(temp, out _);
            OwnerOnlyFile.DeleteStore(temp);
        }
    }

    private sealed record Head(long Revision, long LogCount, string LogHead);

    /// <summary>The revision and log head of the store a restore replaces; null when there is none. A damaged or foreign file (an empty one included) is refused.</summary>
    private static Head? CurrentHeadOf(string path)
    {
        var header = StoreFileHeader.Read(path);
        if (!header.Exists) return null;
        if (!header.IsPermShellStore)
            throw new PermShellException("PermShell.Restore.NotAStore", ProblemKind.InvalidData,
                $"'{path}' is {(header.IsEmpty ? "an empty file, " : "")}not a PermShell store, so it was not replaced. Remove it yourself if you mean to.", path);
        try
        {
            using var c = ConnectTo(path);
            if (IntegrityCheck(c) is not ["ok"]) throw new SqliteException("integrity_check failed", 11);
            var revision = long.Parse(Scalar(c, "SELECT value FROM meta WHERE key = 'revision';") ?? "0", CultureInfo.InvariantCulture);
            var hasLog = Scalar(c, "SELECT name FROM sqlite_master WHERE name = 'change_log';") is not null;
            var count = hasLog ? long.Parse(Scalar(c, $"SELECT value FROM meta WHERE key = '{ChangeLog.CountKey}';") ?? "0", CultureInfo.InvariantCulture) : 0;
            var head = hasLog ? Scalar(c, $"SELECT value FROM meta WHERE key = '{ChangeLog.HeadKey}';") ?? "" : "";
            return new Head(revision, count, head);
        }
        catch (Exception e) when (e is SqliteException or FormatException or PermShellException)
        {
            throw new PermShellException("PermShell.Restore.TargetDamaged", ProblemKind.InvalidData,
                $"The store '{path}' cannot be read ({e.Message}), so it was not replaced in place. Move it (and its -wal and -shm files) aside, keep it for investigation, and restore again.", path, e);
        }
    }

    /// <summary>Opens a copy as a store (migrating it), and checks its structure and its log. Returns its revision.</summary>
    private static (long Revision, LogVerification Log) VerifyCopy(string path, string errorId, string what)
    {
        try
        {
            var copy = Open(path);
            var integrity = copy.CheckIntegrity();
            if (integrity is not ["ok"])
                throw new PermShellException(errorId, ProblemKind.InvalidData, $"{what}: SQLite's integrity check failed ({string.Join("; ", integrity.Take(3))}).", path);
            var log = copy.VerifyLog();
            using var c = ConnectTo(path);
            var revision = long.Parse(Scalar(c, "SELECT value FROM meta WHERE key = 'revision';") ?? "0", CultureInfo.InvariantCulture);
            return (revision, log);
        }
        catch (PermShellException e) when (e.ErrorId != errorId)
        {
            throw new PermShellException(errorId, ProblemKind.InvalidData, $"{what}: {e.Message}", path, e);
        }
        finally
        {
            Cache.TryRemove(path, out _);
        }
    }

    private static (long Count, string Head) LogHeadOf(string path)
    {
        using var c = ConnectTo(path);
        var count = long.Parse(Scalar(c, $"SELECT value FROM meta WHERE key = '{ChangeLog.CountKey}';") ?? "0", CultureInfo.InvariantCulture);
        return (count, Scalar(c, $"SELECT value FROM meta WHERE key = '{ChangeLog.HeadKey}';") ?? "");
    }

    /// <summary>Refuses to overwrite without leave, and never overwrites a file that is not a PermShell store.</summary>
    private static void CheckReplaceable(string dest, bool overwrite, string what)
    {
        if (Directory.Exists(dest))
            throw new PermShellException($"PermShell.{what}.IsFolder", ProblemKind.InvalidArgument, $"'{dest}' is a folder; name the file to write.", dest);
        if (!File.Exists(dest)) return;
        if (!overwrite)
            throw new PermShellException($"PermShell.{what}.Exists", ProblemKind.ResourceExists, $"'{dest}' already exists. Use -Force to replace it.", dest);
        var header = StoreFileHeader.Read(dest);
        if (!header.IsEmpty && !header.IsPermShellStore)
            throw new PermShellException($"PermShell.{what}.NotAStore", ProblemKind.InvalidData,
                $"'{dest}' is not a PermShell store, so it was not replaced (not even with -Force).", dest);
    }

    private static string TemporaryNextTo(string path, string what) =>
        $"{path}.{what}-{Guid.NewGuid():N}.tmp";

    /// <summary>
    /// Puts the checked, checkpointed file <paramref name="temp"/> (next to <paramref name="destination"/>, so on the
    /// same file system) in place of <paramref name="destination"/> in one rename, which is atomic: a crash leaves the
    /// old file or the new one, never neither. A -wal beside the old file is folded into it first, so that nothing of
    /// it can be replayed into the new one; its emptied side files go after the rename.
    /// </summary>
    private static void ReplaceWith(string temp, string destination)
    {
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

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash.Length == 0 ? "(empty)" : hash;

    private static string? Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() as string;
    }
}
