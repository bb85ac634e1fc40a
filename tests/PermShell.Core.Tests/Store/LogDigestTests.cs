using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The change log vouches for the data (issue 9 item 4): each entry carries a digest of the store's tables after it,
/// and Test-PermissionLog compares the tables with the last entry's digest, so an edit of the data behind PermShell's
/// back shows even when the log itself is left alone, and normal use always verifies as intact.
/// </summary>
public sealed class LogDigestTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static User U(string name) => new() { Name = name };

    /// <summary>A permission with implications, two users (one in a group), grants to each subject kind.</summary>
    private PermissionStore SmallStore()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        using var w = store.BeginWrite(ChangeSource.Cmdlet("Test"));
        w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW", Description = "View wiki" }));
        w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_ADMIN", Implies = ["WIKI_*", "TICKET_VIEW"] }));
        w.Apply(new AddUser(U("alice")));
        w.Apply(new AddUser(U("bob") with { Email = "bob@x" }));
        w.Apply(new AddGroup(new Group { Name = "devs", Description = "Developers" }));
        w.Apply(new AddMember("devs", "bob"));
        w.Apply(new AddGrant("alice", "WIKI_VIEW"));
        w.Apply(new AddGrant("devs", "WIKI_ADMIN"));
        w.Apply(new AddGrant(PermissionState.Anonymous, "WIKI_VIEW"));
        w.Commit();
        return store;
    }

    private static void Tamper(string path, string sql) => StoreFileEdit.Tamper(path, sql);

    private static void AssertIntact(PermissionStore store)
    {
        var result = PermissionStore.Open(store.Path).VerifyLog();
        Assert.True(result.IsIntact, result.Message);
    }

    /// <summary>The tables were changed after the last entry: reported as DataChanged naming that entry.</summary>
    private static void AssertDataChanged(PermissionStore store, long lastEntry)
    {
        var result = PermissionStore.Open(store.Path).VerifyLog();
        Assert.False(result.IsIntact, "the change of the data was not caught");
        Assert.Equal("DataChanged", result.Damage?.ToString());
        Assert.Equal(lastEntry, result.EntryId);
        Assert.Contains($"after entry #{lastEntry}", result.Message);
    }

    [Theory]
    [InlineData("a grant was deleted", "DELETE FROM permission_grant WHERE subject = 'alice';")]
    [InlineData("a grant was added", "INSERT INTO permission_grant(subject, permission) VALUES ('bob', 'WIKI_ADMIN');")]
    [InlineData("a user was made a superuser", "UPDATE subject SET is_superuser = 1 WHERE name = 'alice';")]
    [InlineData("a user was deactivated", "UPDATE subject SET is_active = 0 WHERE name = 'bob';")]
    [InlineData("a flag was set to text", "UPDATE subject SET is_superuser = 'true' WHERE name = 'bob';")]
    [InlineData("a description was changed", "UPDATE permission SET description = 'View the wiki' WHERE name = 'WIKI_VIEW';")]
    [InlineData("a group's description was changed", "UPDATE subject SET description = '' WHERE name = 'devs';")]
    [InlineData("an implication was deleted", "DELETE FROM implication WHERE permission = 'WIKI_ADMIN' AND position = 1;")]
    [InlineData("an implication was changed", "UPDATE implication SET pattern = '*' WHERE permission = 'WIKI_ADMIN' AND position = 0;")]
    [InlineData("a membership was added", "INSERT INTO membership(group_name, member_name) VALUES ('devs', 'alice');")]
    [InlineData("a membership was deleted", "DELETE FROM membership;")]
    [InlineData("a user was added", "INSERT INTO subject(name, kind) VALUES ('mallory', 'user');")]
    [InlineData("a permission was added", "INSERT INTO permission VALUES ('TRAC_ADMIN', 'trac', '', 'TRAC_ADMIN', '');")]
    [InlineData("a user was removed with its grants", "PRAGMA foreign_keys = ON; DELETE FROM subject WHERE name = 'alice';")]
    [InlineData("a virtual subject was turned into a user", "UPDATE subject SET kind = 'user' WHERE name = 'anonymous';")]
    [InlineData("two users swapped their flags", "UPDATE subject SET is_superuser = 1 - is_superuser WHERE name IN ('alice', 'bob');")]
    public void A_change_of_the_tables_behind_PermShells_back_is_caught_after_the_last_entry(string what, string sql)
    {
        _ = what;
        var store = SmallStore();
        var last = store.ReadLog(last: 1).Single().Id;
        AssertIntact(store);

        Tamper(store.Path, sql);

        AssertDataChanged(store, last);
    }

    [Fact]
    public void Deleting_every_log_entry_and_the_recorded_head_is_caught_while_the_tables_hold_data()
    {
        var store = SmallStore();
        Tamper(store.Path, "DELETE FROM change_log; DELETE FROM meta WHERE key IN ('log_count', 'log_head');");

        var result = PermissionStore.Open(store.Path).VerifyLog();

        Assert.False(result.IsIntact, "an empty log vouched for a store with data");
        Assert.Equal("DataChanged", result.Damage?.ToString());
        Assert.Equal(0, result.EntryId);
        Assert.Contains("the change log is empty", result.Message);
    }

    [Fact]
    public void Deleting_every_log_entry_and_resetting_the_head_to_empty_is_caught_too()
    {
        var store = SmallStore();
        Tamper(store.Path, "DELETE FROM change_log; UPDATE meta SET value = '0' WHERE key = 'log_count'; UPDATE meta SET value = '' WHERE key = 'log_head';");

        Assert.Equal("DataChanged", PermissionStore.Open(store.Path).VerifyLog().Damage?.ToString());
    }

    [Fact]
    public void A_change_of_the_data_stays_visible_after_later_changes_through_PermShell()
    {
        var store = SmallStore();
        Tamper(store.Path, "UPDATE subject SET is_superuser = 1 WHERE name = 'alice';");
        using (var w = PermissionStore.Open(store.Path).BeginWrite())
        {
            w.Apply(new AddUser(U("later")));
            w.Commit();
        }

        AssertDataChanged(store, store.ReadLog(last: 1).Single().Id);
    }

    [Fact]
    public void Every_entry_carries_the_digest_of_the_tables_after_it_covered_by_its_hash()
    {
        var store = SmallStore();
        var log = store.ReadLog().ToList();

        Assert.All(log, e => Assert.Matches("^[0-9a-f]{64}$", e.Digest));
        Assert.Equal(log.Count, log.Select(e => e.Digest).Distinct().Count());
        Tamper(store.Path, $"UPDATE change_log SET digest = '{log[3].Digest}' WHERE id = 5;");
        var result = PermissionStore.Open(store.Path).VerifyLog();
        Assert.Equal((LogDamage.Altered, 5L), (result.Damage!.Value, result.EntryId!.Value));
    }

    [Fact]
    public void An_entry_without_a_digest_after_entries_with_one_is_caught()
    {
        var store = SmallStore();
        var last = store.ReadLog(last: 1).Single();
        var hash = ChangeLog.Hash(last.PreviousHash, last.Id, ChangeLog.FormatTime(last.Time), last.Actor, last.Action, last.Subject, last.Target, last.Source);
        Tamper(store.Path, $"UPDATE change_log SET digest = '', hash = '{hash}' WHERE id = {last.Id}; UPDATE meta SET value = '{hash}' WHERE key = 'log_head';");

        var result = PermissionStore.Open(store.Path).VerifyLog();

        Assert.Equal((LogDamage.Altered, last.Id), (result.Damage!.Value, result.EntryId!.Value));
        Assert.Contains("digest", result.Message);
    }

    [Fact]
    public void Every_change_kind_and_every_cascade_keeps_the_log_and_the_data_in_step()
    {
        var store = SmallStore();
        using (var w = store.BeginWrite(ChangeSource.Cmdlet("Test")))
        {
            w.Apply(new UpdateUser(Before: U("alice"), After: U("alice") with { IsSuperuser = true, DisplayName = "Alice" }));
            w.Apply(new UpdateGroup(Before: new Group { Name = "devs" }, After: new Group { Name = "devs", Description = "Devs" }));
            w.Apply(new UpdatePermission(Before: new PermissionDefinition { Name = "WIKI_ADMIN" }, After: new PermissionDefinition { Name = "WIKI_ADMIN", Description = "All wiki", Implies = ["WIKI_VIEW"] }));
            w.Apply(new AddGroup(new Group { Name = "ops" }));
            w.Apply(new AddMember("ops", "devs"));
            w.Apply(new AddMember("devs", "alice"));
            w.Apply(new AddGrant("ops", "WIKI_VIEW"));
            w.Apply(new AddGrant(PermissionState.Authenticated, "WIKI_ADMIN"));
            w.Apply(new RemoveMember("devs", "bob"));
            w.Apply(new RemoveGrant("alice", "WIKI_VIEW"));
            w.Commit();
        }
        AssertIntact(store);
        using (var w = store.BeginWrite(ChangeSource.Cmdlet("Test")))
        {
            // A removed group takes its grants and memberships (as group and as member); a removed user its grants
            // and memberships; a removed permission its grants and implications.
            w.Apply(new RemoveGroup(Before: new Group { Name = "devs" }));
            w.Apply(new RemoveUser(Before: U("bob")));
            w.Apply(new RemovePermission(Before: new PermissionDefinition { Name = "WIKI_ADMIN" }));
            w.Apply(new RemovePermission(Before: new PermissionDefinition { Name = "WIKI_VIEW" }));
            w.Apply(new RemoveUser(Before: U("alice")));
            w.Commit();
        }
        AssertIntact(store);
        Assert.Equal(["ops"], PermissionStore.Open(store.Path).Snapshot().State.Groups.Keys);
    }

    [Fact]
    public void A_removal_of_what_is_not_there_changes_neither_the_data_nor_the_digest()
    {
        var store = SmallStore();
        using (var w = store.BeginWrite())
        {
            w.Apply(new RemoveGrant("bob", "WIKI_VIEW"));
            w.Apply(new RemoveMember("devs", "alice"));
            w.Commit();
        }
        AssertIntact(store);
    }

    [Theory]
    [InlineData(StoreTemplateKind.Empty)]
    [InlineData(StoreTemplateKind.Trac)]
    [InlineData(StoreTemplateKind.Django)]
    public void A_store_created_from_a_template_verifies_and_its_entries_carry_digests(StoreTemplateKind template)
    {
        var store = PermissionStore.Create(_folder.File(), template, overwrite: false);

        AssertIntact(store);
        Assert.All(store.ReadLog(), e => Assert.Equal(64, e.Digest.Length));
        if (template != StoreTemplateKind.Empty)
        {
            Tamper(store.Path, "UPDATE permission SET description = 'x' WHERE name = (SELECT min(name) FROM permission);");
            AssertDataChanged(store, store.ReadLog(last: 1).Single().Id);
        }
    }

    [Fact]
    public void A_manifest_import_in_Sync_mode_verifies_as_intact()
    {
        var store = SmallStore();
        var file = Path.Combine(_folder.Path, "m.yaml");
        File.WriteAllText(file, "version: 1\nusers:\n  - name: erin\n    superuser: true\n    grants: [WIKI_ADMIN]\ngroups:\n  - name: staff\n    members: [erin]\n    grants: [WIKI_VIEW]\n");
        var document = ManifestLoader.Load(file);
        var batch = store.BeginBatch(ChangeSource.Manifest(file, document.ContentHash));
        ManifestImport.Apply(batch, document, ManifestMode.Sync);
        store.Commit(batch);
        Assert.Equal(["erin"], store.Snapshot().State.Users.Keys);
        AssertIntact(store);
    }

    [Fact]
    public void A_store_of_schema_2_is_vouched_for_from_its_migration_on()
    {
        var store = SmallStore();
        var entries = store.ReadLog().Count();
        MakeSchema2(store.Path);

        var migrated = PermissionStore.Open(store.Path);

        var log = migrated.ReadLog().ToList();
        Assert.Equal(entries + 1, log.Count);
        Assert.All(log.SkipLast(1), e => Assert.Equal("", e.Digest));
        Assert.Equal("Start Digest", log[^1].Action);
        Assert.Contains($"schema migration 2 -> {StoreSchema.CurrentVersion}", log[^1].Source);
        Assert.Equal(64, log[^1].Digest.Length);
        AssertIntact(migrated);
        Tamper(store.Path, "DELETE FROM permission_grant WHERE subject = 'alice';");
        AssertDataChanged(migrated, log[^1].Id);
    }

    [Fact]
    public void Cutting_the_log_back_to_an_entry_from_before_digests_is_caught_even_with_the_recorded_head_rewritten()
    {
        var store = SmallStore();
        MakeSchema2(store.Path);
        var log = PermissionStore.Open(store.Path).ReadLog().ToList();
        var kept = log[^2];
        Tamper(store.Path, $"DELETE FROM change_log WHERE id = {log[^1].Id}; UPDATE meta SET value = '{kept.Id}' WHERE key = 'log_count'; UPDATE meta SET value = '{kept.Hash}' WHERE key = 'log_head';");

        var result = PermissionStore.Open(store.Path).VerifyLog();

        Assert.Equal((LogDamage.Removed, kept.Id + 1), (result.Damage!.Value, result.EntryId!.Value));
    }

    [Fact]
    public void A_backup_of_schema_2_is_migrated_in_the_copy_and_restored_intact()
    {
        var old = SmallStore();
        MakeSchema2(old.Path);
        var target = PermissionStore.Create(_folder.File("target.db"), StoreTemplateKind.Empty, overwrite: false);

        var restored = PermissionStore.Restore(old.Path, target.Path, ChangeSource.Cmdlet("Restore-PermissionStore"));

        Assert.Equal(["Start Digest", "Restore Store"], restored.ReadLog().TakeLast(2).Select(e => e.Action));
        AssertIntact(restored);
        Tamper(restored.Path, "UPDATE subject SET is_superuser = 1 WHERE name = 'bob';");
        AssertDataChanged(restored, restored.ReadLog(last: 1).Single().Id);
    }

    [Fact]
    public void A_backup_whose_data_was_changed_is_refused_by_restore()
    {
        var source = SmallStore();
        var backup = source.Backup(_folder.File("backup.db"), overwrite: false);
        Assert.True(backup.LogIntact);
        Tamper(backup.Path, "UPDATE subject SET is_superuser = 1 WHERE name = 'bob'; PRAGMA wal_checkpoint(TRUNCATE);");
        var target = PermissionStore.Create(_folder.File("target.db"), StoreTemplateKind.Empty, overwrite: false);

        var e = Assert.Throws<PermShellException>(() => PermissionStore.Restore(backup.Path, target.Path, ChangeSource.Unspecified));

        Assert.Equal("PermShell.Restore.LogDamaged", e.ErrorId);
    }

    /// <summary>Turns a current store back into what PermShell wrote at schema 2: no digest column, the hashes of v1.</summary>
    private static void MakeSchema2(string path)
    {
        var log = PermissionStore.Open(path).ReadLog().ToList();
        var rehash = new System.Text.StringBuilder();
        var previous = ChangeLog.Genesis;
        foreach (var e in log)
        {
            var hash = ChangeLog.Hash(previous, e.Id, ChangeLog.FormatTime(e.Time), e.Actor, e.Action, e.Subject, e.Target, e.Source);
            rehash.Append($"UPDATE change_log SET prev_hash = '{previous}', hash = '{hash}' WHERE id = {e.Id};\n");
            previous = hash;
        }
        Tamper(path, rehash + $"UPDATE meta SET value = '{previous}' WHERE key = 'log_head'; " +
            "ALTER TABLE change_log DROP COLUMN digest; PRAGMA user_version = 2; PRAGMA wal_checkpoint(TRUNCATE);");
    }
}
