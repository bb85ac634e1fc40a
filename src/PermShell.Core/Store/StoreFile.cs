using System.Buffers.Binary;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace PermShell.Core.Store;

/// <summary>
/// What a file on disk is, read from its first 100 bytes without opening it through SQLite, so that a file
/// that is not ours is refused before anything could write to it (not even a journal-mode change).
/// </summary>
internal readonly record struct StoreFileHeader(bool Exists, bool IsEmpty, bool IsSqlite, uint ApplicationId, int UserVersion)
{
    /// <summary>"PERM": marks a SQLite file as a PermShell store (PRAGMA application_id).</summary>
    public const uint PermShellApplicationId = 0x5045524D;

    private static ReadOnlySpan<byte> SqliteMagic => "SQLite format 3\0"u8;

    public bool IsPermShellStore => IsSqlite && ApplicationId == PermShellApplicationId;

    public static StoreFileHeader Read(string path)
    {
        if (!File.Exists(path)) return new(false, true, false, 0, 0);
        Span<byte> header = stackalloc byte[100];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0) return new(true, true, false, 0, 0);
        if (read < 100 || !header[..16].SequenceEqual(SqliteMagic)) return new(true, false, false, 0, 0);
        // The database header keeps user_version at offset 60 and application_id at offset 68, big-endian.
        var userVersion = BinaryPrimitives.ReadInt32BigEndian(header[60..64]);
        var applicationId = BinaryPrimitives.ReadUInt32BigEndian(header[68..72]);
        return new(true, false, true, applicationId, userVersion);
    }
}

/// <summary>
/// Creates store files and folders readable and writable by their owner only, by each platform's own means: POSIX modes
/// 0600 and 0700 on Linux and macOS; on Windows an access control list that grants the current user full control and
/// inherits nothing, and a folder's list is inherited by what SQLite creates in it (-wal, -shm, -journal).
/// </summary>
internal static class OwnerOnlyFile
{
    public static void CreateEmpty(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) CreateFolderOnWindows(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (OperatingSystem.IsWindows())
        {
            CreateFileOnWindows(path);
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var _ = new FileStream(path, options);
    }

    [SupportedOSPlatform("windows")]
    private static void CreateFolderOnWindows(string folder)
    {
        // The parents are ordinary folders (as on Unix, where only the last one gets 0700).
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (!string.IsNullOrEmpty(parent)) Directory.CreateDirectory(parent);
        var security = new DirectorySecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new FileSystemAccessRule(CurrentUser(), FileSystemRights.FullControl,
            InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None, AccessControlType.Allow));
        new DirectoryInfo(folder).Create(security);
    }

    [SupportedOSPlatform("windows")]
    private static void CreateFileOnWindows(string path)
    {
        var security = new FileSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new FileSystemAccessRule(CurrentUser(), FileSystemRights.FullControl, AccessControlType.Allow));
        using var _ = new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.Write | FileSystemRights.ReadData,
            FileShare.None, 4096, FileOptions.None, security);
    }

    [SupportedOSPlatform("windows")]
    private static SecurityIdentifier CurrentUser()
    {
        using var identity = WindowsIdentity.GetCurrent();
        return identity.User ?? throw new UnauthorizedAccessException("The current Windows account has no security identifier.");
    }

    /// <summary>Removes a store and its SQLite side files (-wal, -shm, -journal).</summary>
    public static void DeleteStore(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        DeleteSideFiles(path);
    }

    /// <summary>
    /// Removes the SQLite side files next to <paramref name="path"/>. A file about to be put in that place must not
    /// meet them: SQLite would replay another database's -wal or -journal into it.
    /// </summary>
    public static void DeleteSideFiles(string path)
    {
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }
}
