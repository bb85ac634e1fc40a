using System.Diagnostics;
using PermShell.Core.Store;
using PermShell.Core.Tests.Store;

namespace PermShell.Core.Tests.Hostile;

/// <summary>
/// A store the user cannot write: the file, or the folder that SQLite's -wal and -shm files must be created in.
/// Tests run as root, whom file modes do not stop, so as root the file or folder is made immutable (chattr +i, which
/// stops root too); as anyone else its mode is set to read-only.
/// </summary>
public sealed class ReadOnlyStoreTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>Makes <paramref name="path"/> read-only until disposed.</summary>
    internal static IDisposable ReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(path);
            File.SetAttributes(path, attributes | FileAttributes.ReadOnly);
            return new Undo(() => File.SetAttributes(path, attributes));
        }
        if (!IsRoot) return ReadOnlyByMode(path);
        Chattr("+i", path);
        return new Undo(() => Chattr("-i", path));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static IDisposable ReadOnlyByMode(string path)
    {
        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        return new Undo(() => File.SetUnixFileMode(path, mode));
    }

    private static void Chattr(string flag, string path)
    {
        using var p = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"chattr {flag} {path} failed ({error.Trim()}): this test needs a file system with immutable files (ext4, xfs) when run as root.");
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    private PermissionStore StoreWithBob()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Trac, overwrite: false);
        using var w = store.BeginWrite();
        w.Apply(new AddUser(new User { Name = "bob" }));
        w.Commit();
        return store;
    }

    [Fact]
    public void A_read_only_store_file_can_be_read_and_verified_but_a_write_is_PermShell_Store_ReadOnly_and_changes_nothing()
    {
        var store = StoreWithBob();
        var before = File.ReadAllBytes(store.Path);
        using (ReadOnly(store.Path))
        {
            var opened = PermissionStore.Open(_folder.File());
            Assert.True(opened.Snapshot().State.Users.ContainsKey("bob"));
            Assert.True(opened.VerifyLog().IsIntact);
            var e = Assert.Throws<PermShellException>(() =>
            {
                using var w = opened.BeginWrite();
                w.Apply(new AddUser(new User { Name = "eve" }));
                w.Commit();
            });
            Assert.Equal("PermShell.Store.ReadOnly", e.ErrorId);
            Assert.Equal(ProblemKind.PermissionDenied, e.Kind);
            Assert.Contains("read-only", e.Message);
        }
        Assert.Equal(before, File.ReadAllBytes(store.Path));
        Assert.DoesNotContain("eve", PermissionStore.Open(store.Path).Snapshot().State.Users.Keys);
        Assert.True(PermissionStore.Open(store.Path).VerifyLog().IsIntact);
    }

    [Fact]
    public void A_store_in_a_read_only_folder_is_PermShell_Store_ReadOnly_naming_the_side_files()
    {
        var store = StoreWithBob();
        Assert.False(File.Exists(store.Path + "-wal"));
        using (ReadOnly(_folder.Path))
        {
            var e = Assert.Throws<PermShellException>(() => PermissionStore.Open(store.Path).Snapshot());
            Assert.Equal("PermShell.Store.ReadOnly", e.ErrorId);
            Assert.Contains("folder is read-only", e.Message);
            Assert.Contains("store.db-wal", e.Message);
        }
        Assert.True(PermissionStore.Open(store.Path).Snapshot().State.Users.ContainsKey("bob"));
    }
}
