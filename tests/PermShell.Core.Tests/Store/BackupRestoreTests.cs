using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>Backups and restores at the core: what the Pester tests cannot set up cheaply (old and new schemas).</summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static void Sql(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private PermissionStore StoreWithBob(string name)
    {
        var store = PermissionStore.Create(_folder.File(name), StoreTemplateKind.Empty, overwrite: false);
        using var w = store.BeginWrite();
        w.Apply(new AddUser(new User { Name = "bob" }));
        w.Commit();
        return store;
    }

    [Fact]
    public void A_backup_of_schema_1_is_brought_up_to_date_in_a_copy_and_restored_with_its_log_started()
    {
        var old = StoreWithBob("old.db");
        Sql(old.Path, "DROP TRIGGER change_log_no_update; DROP TRIGGER change_log_no_delete; DROP TABLE change_log; " +
            "DELETE FROM meta WHERE key IN ('log_count', 'log_head'); PRAGMA user_version = 1; PRAGMA wal_checkpoint(TRUNCATE);");
        var before = SHA256.HashData(File.ReadAllBytes(old.Path));
        var target = StoreWithBob("target.db");

        var restored = PermissionStore.Restore(old.Path, target.Path, ChangeSource.Cmdlet("Restore-PermissionStore"));

        Assert.Equal(["Start Log", "Restore Store"], restored.ReadLog().Select(e => e.Action));
        Assert.True(restored.VerifyLog().IsIntact);
        Assert.True(restored.Snapshot().State.Users.ContainsKey("bob"));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(old.Path)));
    }

    [Fact]
    public void A_backup_from_a_newer_PermShell_is_refused_and_nothing_is_replaced()
    {
        var newer = StoreWithBob("newer.db");
        Sql(newer.Path, "PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);");
        var target = StoreWithBob("target.db");
        var log = target.ReadLog().Count();

        var e = Assert.Throws<PermShellException>(() => PermissionStore.Restore(newer.Path, target.Path, ChangeSource.Unspecified));

        Assert.Equal("PermShell.Restore.Damaged", e.ErrorId);
        Assert.Contains("newer PermShell", e.Message);
        Assert.Equal(log, PermissionStore.Open(target.Path).ReadLog().Count());
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp*"));
    }

    [Fact]
    public void The_restored_revision_is_past_every_revision_of_the_replaced_store()
    {
        var source = StoreWithBob("source.db");
        var backup = source.Backup(_folder.File("backup.db"), overwrite: false);
        for (var i = 0; i < 5; i++)
        {
            using var w = source.BeginWrite();
            w.Apply(new AddUser(new User { Name = $"later{i}" }));
            w.Commit();
        }
        var replacedRevision = source.Info(false).Revision;

        var restored = PermissionStore.Restore(backup.Path, source.Path, ChangeSource.Unspecified);

        Assert.True(restored.Info(false).Revision > replacedRevision);
        Assert.Equal(["bob"], restored.Snapshot().State.Users.Keys);
    }

    [Fact]
    public void A_failure_as_a_new_backup_replaces_an_old_one_leaves_the_old_backup_whole_and_no_temporary_file()
    {
        var source = StoreWithBob("source.db");
        var destination = _folder.File("backup.db");
        source.Backup(destination, overwrite: false);
        var old = SHA256.HashData(File.ReadAllBytes(destination));
        using (var w = source.BeginWrite())
        {
            w.Apply(new AddUser(new User { Name = "later" }));
            w.Commit();
        }
        PermissionStore.BeforeReplace.Value = path =>
        {
            if (path == destination) throw new IOException("the disk went away");
        };
        try
        {
            var e = Assert.Throws<PermShellException>(() => source.Backup(destination, overwrite: true));
            Assert.Equal("PermShell.Backup.CannotWrite", e.ErrorId);
        }
        finally
        {
            PermissionStore.BeforeReplace.Value = null;
        }

        Assert.Equal(old, SHA256.HashData(File.ReadAllBytes(destination)));
        Assert.Equal(["bob"], PermissionStore.Open(destination).Snapshot().State.Users.Keys);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp*"));
    }

    [Fact]
    public void A_backup_carries_the_policy_and_its_restore_verifies()
    {
        var source = StoreWithBob("source.db");
        var section = new PolicySection("wiki:*", [new PolicyRule("bob", ["!WIKI_VIEW"])]);
        using (var w = source.BeginWrite())
        {
            w.Apply(new AddPolicy(section, 0));
            w.Commit();
        }
        var backup = source.Backup(_folder.File("backup.db"), overwrite: false);

        var restored = PermissionStore.Restore(backup.Path, _folder.File("restored.db"), ChangeSource.Unspecified);

        Assert.Equal([section], restored.Snapshot().State.Policies);
        Assert.True(restored.VerifyLog().IsIntact, restored.VerifyLog().Message);
    }
}
