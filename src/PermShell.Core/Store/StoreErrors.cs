using Microsoft.Data.Sqlite;

namespace PermShell.Core.Store;

/// <summary>Turns SQLite's failures into errors that say what the user can do about them.</summary>
internal static class StoreErrors
{
    // SQLite primary result codes (sqlite3.h).
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoError = 10, Corrupt = 11, CantOpen = 14, Constraint = 19, NotADb = 26, Auth = 23, Perm = 3;

    public static PermShellException From(SqliteException e, string path) => (e.SqliteErrorCode & 0xFF) switch
    {
        ReadOnly or Perm or Auth => new PermShellException("PermShell.Store.ReadOnly", ProblemKind.PermissionDenied,
            $"The store '{path}' cannot be written: the file or its folder is read-only for you ({e.Message}).", path, e),
        CantOpen when File.Exists(path) && !FolderIsWritable(path) => new PermShellException("PermShell.Store.ReadOnly", ProblemKind.PermissionDenied,
            $"The store '{path}' cannot be opened: its folder is read-only for you, and SQLite must create '{Path.GetFileName(path)}-wal' and '{Path.GetFileName(path)}-shm' beside the store, even to read it. Make the folder writable, or copy the store to a writable folder ({e.Message}).", path, e),
        CantOpen => new PermShellException("PermShell.Store.CannotOpen", ProblemKind.ResourceUnavailable,
            $"The store '{path}' cannot be opened: check that the file and its folder exist and are readable and writable for you ({e.Message}).", path, e),
        Busy or Locked => new PermShellException("PermShell.Store.Busy", ProblemKind.ResourceUnavailable,
            $"The store '{path}' stayed locked by another process for longer than the busy timeout; nothing was changed. Try again.", path, e),
        Corrupt or NotADb => new PermShellException("PermShell.Store.Corrupt", ProblemKind.InvalidData,
            $"The store '{path}' is damaged ({e.Message}). Restore it from a backup.", path, e),
        // Every change is checked against the store's state before it is written, so a key or reference that the
        // store refuses means the state changed underneath (another process, a restore) after the check.
        Constraint => new PermShellException("PermShell.Store.Conflict", ProblemKind.InvalidOperation,
            $"The store '{path}' changed after this change was checked against it, and the change no longer fits it (it names something that is gone, or adds something that is already there). Nothing was changed; run the command again.", path, e),
        IoError => new PermShellException("PermShell.Store.IoError", ProblemKind.ResourceUnavailable,
            $"Reading or writing the store '{path}' failed ({e.Message}).", path, e),
        _ => new PermShellException("PermShell.Store.Failed", ProblemKind.InvalidOperation,
            $"The store '{path}' reported an error: {e.Message}", path, e),
    };

    /// <summary>Only asked after SQLite failed to open a file that exists: can a file be created beside it?</summary>
    private static bool FolderIsWritable(string path)
    {
        var probe = Path.Combine(Path.GetDirectoryName(path) ?? ".", $".permshell-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
