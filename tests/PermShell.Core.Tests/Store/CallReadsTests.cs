using Microsoft.Data.Sqlite;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The reads of one cmdlet call share one connection and reuse the last snapshot while the store is unchanged
/// (issue 11): each record must still see every commit, restore, replacement and deletion made before it.
/// </summary>
public sealed class CallReadsTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PermissionStore NewStore(string name, params string[] users)
    {
        var store = PermissionStore.Create(_folder.File(name), StoreTemplateKind.Empty, overwrite: false);
        AddUsers(store, users);
        return store;
    }

    private static void AddUsers(PermissionStore store, params string[] users)
    {
        if (users.Length == 0) return;
        using var w = store.BeginWrite();
        foreach (var user in users) w.Apply(new AddUser(new User { Name = user }));
        w.Commit();
    }

    /// <summary>New-PermissionStore -Force at the same path, then a commit to the new store.</summary>
    private static void ReplaceWithCarol(string path) =>
        AddUsers(PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: true), "carol");

    private static string[] Users(CallReads reads) => reads.Read().Snapshot.State.Users.Keys.Order().ToArray();

    [Fact]
    public void The_moved_file_check_works_here_so_snapshots_are_reused()
    {
        var store = NewStore("a.db", "bob");
        using var connection = store.Connect();
        Assert.False(CallReads.Moved(connection));
        var other = NewStore("b.db", "carol");
        File.Move(other.Path, store.Path, overwrite: true);
        Assert.True(CallReads.Moved(connection));
    }

    [Fact]
    public void A_commit_by_another_process_between_two_records_is_seen()
    {
        var store = NewStore("s.db", "bob");
        using var reads = new CallReads(store);
        Assert.Equal(["bob"], Users(reads));
        Assert.Equal(["bob"], Users(reads));
        AddUsers(PermissionStore.Open(store.Path, createIfMissing: false, new SnapshotCache()), "carol");
        Assert.Equal(["bob", "carol"], Users(reads));
    }

    [Fact]
    public void A_store_replaced_between_two_records_is_read_from_the_new_file()
    {
        var store = NewStore("s.db", "bob");
        using var reads = new CallReads(store);
        Assert.Equal(["bob"], Users(reads));
        ReplaceWithCarol(store.Path);
        Assert.Equal(["carol"], Users(reads));
    }

    [Fact]
    public void A_store_deleted_between_two_records_is_not_found()
    {
        var store = NewStore("s.db", "bob");
        using var reads = new CallReads(store);
        Assert.Equal(["bob"], Users(reads));
        OwnerOnlyFile.DeleteStore(store.Path);
        Assert.Equal("PermShell.Store.NotFound", Assert.Throws<PermShellException>(() => reads.Read()).ErrorId);
    }

    [Fact]
    public void A_restore_between_two_records_is_seen()
    {
        var store = NewStore("s.db", "bob");
        var backup = store.Backup(_folder.File("backup.db"), overwrite: false);
        AddUsers(store, "carol");
        using var reads = new CallReads(store);
        Assert.Equal(["bob", "carol"], Users(reads));
        PermissionStore.Restore(backup.Path, store.Path, ChangeSource.Unspecified);
        Assert.Equal(["bob"], Users(reads));
    }

    [Fact]
    public void The_next_call_sees_a_commit_made_between_calls_and_the_file_alone_holds_it()
    {
        var store = NewStore("s.db", "bob");
        using (var first = new CallReads(store)) Assert.Equal(["bob"], Users(first));
        // The first call's connection may be kept for the next call (IdleReadConnections): the store file must still be
        // whole between calls, so a copy of the file alone (what an admin's cp takes) holds every commit.
        AddUsers(PermissionStore.Open(store.Path, createIfMissing: false, new SnapshotCache()), "carol");
        File.Copy(store.Path, _folder.File("copy.db"));
        Assert.Equal(["bob", "carol"], PermissionStore.Open(_folder.File("copy.db"), createIfMissing: false, new SnapshotCache()).Read().Snapshot.State.Users.Keys.Order());
        using var second = new CallReads(store);
        Assert.Equal(["bob", "carol"], Users(second));
    }

    [Fact]
    public void A_store_copied_over_the_file_between_calls_is_read_from_the_copy()
    {
        var store = NewStore("s.db", "bob");
        var other = NewStore("other.db", "carol");
        using (var first = new CallReads(store)) Assert.Equal(["bob"], Users(first));
        File.Copy(other.Path, store.Path, overwrite: true);
        using var second = new CallReads(store);
        Assert.Equal(["carol"], Users(second));
    }

    [Fact]
    public void A_store_replaced_or_deleted_between_calls_is_seen_by_the_next_call()
    {
        var store = NewStore("s.db", "bob");
        using (var first = new CallReads(store)) Assert.Equal(["bob"], Users(first));
        ReplaceWithCarol(store.Path);
        using (var second = new CallReads(store)) Assert.Equal(["carol"], Users(second));
        OwnerOnlyFile.DeleteStore(store.Path);
        using var third = new CallReads(store);
        Assert.Equal("PermShell.Store.NotFound", Assert.Throws<PermShellException>(() => third.Read()).ErrorId);
    }

    [Fact]
    public void Closing_after_a_replacement_leaves_the_new_stores_side_files_alone()
    {
        var store = NewStore("s.db", "bob");
        var reads = new CallReads(store);
        Assert.Equal(["bob"], Users(reads));
        ReplaceWithCarol(store.Path);
        // Someone is using the new store: its -wal holds a commit not yet in the main file.
        using var user = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        user.Open();
        using (var cmd = user.CreateCommand())
        {
            cmd.CommandText = "PRAGMA wal_autocheckpoint = 0; CREATE TABLE scratch(x);";
            cmd.ExecuteNonQuery();
        }
        // The connection to the replaced file is closed by this call, or (kept when the call ends) by the next one.
        reads.Dispose();
        using (var next = new CallReads(store)) Assert.Equal(["carol"], Users(next));
        Assert.True(File.Exists(store.Path + "-wal"));
        Assert.Equal(["carol"], PermissionStore.Open(store.Path, createIfMissing: false, new SnapshotCache()).Snapshot().State.Users.Keys);
    }
}
