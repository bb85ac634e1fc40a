using Microsoft.Data.Sqlite;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// A restore and a writer in another process at once (issue 9 item 3), made to collide on every run: the other
/// process is a second store object on the same file with a snapshot cache of its own, and it commits exactly when
/// the restore has its verified copy ready and is about to put it in place.
/// </summary>
public sealed class RestoreRaceTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void Commit(PermissionStore store, params Change[] changes)
    {
        using var w = store.BeginWrite();
        foreach (var change in changes) w.Apply(change);
        w.Commit();
    }

    /// <summary>Folds the -wal into the file, so that the file alone can be moved.</summary>
    private static void Checkpoint(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        cmd.ExecuteNonQuery();
    }

    private static Change AddUser(string name) => new AddUser(new User { Name = name });

    [Fact]
    public void A_write_that_races_a_restore_leaves_no_snapshot_that_passes_for_the_restored_store()
    {
        var path = _folder.File("live.db");
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        Commit(store, new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }),
            AddUser("bob"), new AddGrant("bob", "WIKI_VIEW"));
        var backup = store.Backup(_folder.File("backup.db"), overwrite: false);
        Commit(store, new RemoveGrant("bob", "WIKI_VIEW"));
        var otherProcess = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        LogEntry? racing = null;
        PermissionStore.BeforeReplace.Value = destination =>
        {
            if (destination != path) return;
            Commit(otherProcess, AddUser("carol"));
            racing = otherProcess.ReadLog(last: 1).Single();
        };
        try
        {
            PermissionStore.Restore(backup.Path, path, ChangeSource.Cmdlet("Restore-PermissionStore"));
        }
        finally
        {
            PermissionStore.BeforeReplace.Value = null;
        }

        // The other process answers from the restored store, not from the state its own write left in its cache.
        var seen = otherProcess.Snapshot().State;
        Assert.False(seen.Users.ContainsKey("carol"));
        Assert.Contains("WIKI_VIEW", seen.GrantsOf("bob"));
        using (var w = otherProcess.BeginWrite())
        {
            Assert.False(w.State.Users.ContainsKey("carol"));
            Assert.Contains("WIKI_VIEW", w.State.GrantsOf("bob"));
        }
        // The racing write was replaced by the restore, and the restore's log entry says so: it names the log head it
        // replaced, which is the racing write's entry.
        var restoreEntry = otherProcess.ReadLog(last: 1).Single();
        Assert.Equal("Restore Store", restoreEntry.Action);
        Assert.NotNull(racing);
        Assert.Contains($"(log #{racing!.Id} {racing.Hash[..12]})", restoreEntry.Target);
        Assert.True(otherProcess.VerifyLog().IsIntact);
    }

    [Fact]
    public void Every_commit_gives_the_store_a_state_that_no_other_content_can_share()
    {
        // Two copies of one store that each commit once reach the same revision with different content. A process that
        // read one copy must not take the other, moved over it, for what it read.
        var path = _folder.File("a.db");
        var store = PermissionStore.Create(path, StoreTemplateKind.Empty, overwrite: false);
        var copy = _folder.File("b.db");
        File.Copy(path, copy);
        Commit(store, AddUser("ann"));
        Commit(PermissionStore.Open(copy), AddUser("bea"));
        foreach (var file in new[] { path, copy }) Checkpoint(file);
        var reader = PermissionStore.Open(path, createIfMissing: false, new SnapshotCache());
        Assert.True(reader.Snapshot().State.Users.ContainsKey("ann"));

        File.Move(copy, path, overwrite: true);

        var state = reader.Snapshot().State;
        Assert.False(state.Users.ContainsKey("ann"));
        Assert.True(state.Users.ContainsKey("bea"));
    }

    [Fact]
    public void A_change_that_no_longer_fits_the_store_is_a_conflict_not_a_raw_SQLite_constraint_failure()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        Commit(store, new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
        using var w = store.BeginWrite();

        // What a change prepared against an older state looks like once it reaches the store: its subject is gone.
        var e = Assert.Throws<PermShellException>(() => w.Apply(new AddGrant("gone", "WIKI_VIEW")));

        Assert.Equal("PermShell.Store.Conflict", e.ErrorId);
        Assert.Equal(ProblemKind.InvalidOperation, e.Kind);
        Assert.DoesNotContain("FOREIGN KEY", e.Message);
        Assert.Contains("changed", e.Message);
    }
}
