using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PermShell.Core.Manifest;
using PermShell.Core.Store;

namespace PermShell.Core.Tests.Store;

/// <summary>
/// The SQLite store's change log: entries written in the change's transaction (a rolled-back one leaves none), and a
/// hash chain that catches every kind of tampering with the file (edits behind PermShell's back drop the append-only
/// triggers first, as an attacker would). What every backend's log promises (entries, cascades, sources, order,
/// reading) is in <see cref="StoreContractTests"/>.
/// </summary>
public sealed class ChangeLogTests : IDisposable
{
    private readonly TempStoreFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static User U(string name) => new() { Name = name };

    /// <summary>A store with ten log entries: a permission, four users, and five grants of it.</summary>
    private PermissionStore StoreWithTenEntries(string name = "store.db")
    {
        var store = PermissionStore.Create(_folder.File(name), StoreTemplateKind.Empty, overwrite: false);
        using var w = store.BeginWrite(ChangeSource.Cmdlet("Test"));
        w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
        for (var i = 1; i <= 4; i++) w.Apply(new AddUser(U($"u{i}")));
        for (var i = 1; i <= 4; i++) w.Apply(new AddGrant($"u{i}", "WIKI_VIEW"));
        w.Apply(new AddGrant(PermissionState.Anonymous, "WIKI_VIEW"));
        w.Commit();
        return store;
    }

    /// <summary>Edits the file directly, as someone with write access to it could (after dropping the triggers).</summary>
    private static void Tamper(PermissionStore store, string sql) => StoreFileEdit.Tamper(store.Path, sql);

    private static void AssertDamage(PermissionStore store, LogDamage damage, long entry)
    {
        var result = PermissionStore.Open(store.Path).VerifyLog();
        Assert.False(result.IsIntact, "the tampering was not caught");
        Assert.Equal(damage, result.Damage);
        Assert.Equal(entry, result.EntryId);
        Assert.Contains($"#{entry}", result.Message);
    }

    [Fact]
    public void A_rolled_back_transaction_leaves_no_entry_and_the_next_one_continues_the_chain()
    {
        var store = StoreWithTenEntries();
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddUser(U("ghost")));
        }
        Assert.Equal(10, store.ReadLog().Count());
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddUser(U("real")));
            w.Commit();
        }
        var last = store.ReadLog(last: 1).Single();
        Assert.Equal((11L, "real"), (last.Id, last.Subject));
        Assert.True(store.VerifyLog().IsIntact);
    }

    [Fact]
    public void A_manifest_import_names_the_file_and_the_sha256_of_its_bytes()
    {
        var store = StoreWithTenEntries();
        var file = Path.Combine(_folder.Path, "m.yaml");
        File.WriteAllText(file, "version: 1\nusers:\n  - name: erin\n    grants: [WIKI_VIEW]\n");
        var document = ManifestLoader.Load(file);
        var batch = store.BeginBatch(ChangeSource.Manifest(file, document.ContentHash));
        ManifestImport.Apply(batch, document, ManifestMode.Merge);
        store.Commit(batch);
        var sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))).ToLowerInvariant();
        var entries = store.ReadLog().Skip(10).ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal($"manifest {file} sha256:{sha}", e.Source));
    }

    [Fact]
    public void The_table_is_append_only_for_anyone_who_does_not_drop_its_triggers()
    {
        var store = StoreWithTenEntries();
        using var c = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE change_log SET subject = 'x' WHERE id = 3;";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message);
        cmd.CommandText = "DELETE FROM change_log WHERE id = 3;";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery()).Message);
    }

    [Theory]
    [InlineData("subject", "'u9'")]
    [InlineData("target", "'TRAC_ADMIN'")]
    [InlineData("actor", "'someone-else'")]
    [InlineData("time", "'2001-01-01T00:00:00.0000000Z'")]
    [InlineData("action", "'Remove Grant'")]
    [InlineData("source", "'manifest /elsewhere.yaml'")]
    [InlineData("hash", "'" + "00000000000000000000000000000000" + "00000000000000000000000000000000" + "'")]
    public void Altering_any_field_of_an_entry_is_caught_at_that_entry(string column, string value)
    {
        var store = StoreWithTenEntries();
        Tamper(store, $"UPDATE change_log SET {column} = {value} WHERE id = 7;");
        AssertDamage(store, LogDamage.Altered, 7);
    }

    [Fact]
    public void Altering_an_entrys_link_to_the_one_before_is_caught_as_altered()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "UPDATE change_log SET prev_hash = 'ab' WHERE id = 4;");
        AssertDamage(store, LogDamage.Altered, 4);
    }

    [Fact]
    public void Removing_an_entry_from_the_middle_is_caught_at_the_missing_id()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DELETE FROM change_log WHERE id = 5;");
        AssertDamage(store, LogDamage.Removed, 5);
    }

    [Fact]
    public void Removing_an_entry_and_renumbering_the_rest_is_caught_where_the_chain_breaks()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DELETE FROM change_log WHERE id = 5; UPDATE change_log SET id = id - 1 WHERE id > 5; UPDATE meta SET value = '9' WHERE key = 'log_count';");
        AssertDamage(store, LogDamage.Removed, 5);
    }

    [Fact]
    public void Removing_the_first_entry_is_caught()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DELETE FROM change_log WHERE id = 1;");
        AssertDamage(store, LogDamage.Removed, 1);
    }

    [Fact]
    public void Removing_entries_from_the_end_is_caught_through_the_recorded_count()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DELETE FROM change_log WHERE id >= 9;");
        AssertDamage(store, LogDamage.Removed, 9);
        Assert.Contains("#9 to #10", PermissionStore.Open(store.Path).VerifyLog().Message);
    }

    [Fact]
    public void Removing_the_end_stays_visible_after_later_changes()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DELETE FROM change_log WHERE id = 10;");
        using (var w = PermissionStore.Open(store.Path).BeginWrite())
        {
            w.Apply(new AddUser(U("later")));
            w.Commit();
        }
        AssertDamage(store, LogDamage.Removed, 10);
        Assert.Equal(11, store.ReadLog(last: 1).Single().Id);
    }

    [Fact]
    public void Swapping_two_entries_is_caught_as_reordered()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "UPDATE change_log SET id = -6 WHERE id = 6; UPDATE change_log SET id = 6 WHERE id = 7; UPDATE change_log SET id = 7 WHERE id = -6;");
        AssertDamage(store, LogDamage.Reordered, 6);
    }

    [Fact]
    public void Moving_an_entry_to_the_end_is_caught_as_reordered()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "UPDATE change_log SET id = 11 WHERE id = 3; UPDATE change_log SET id = id - 1 WHERE id > 3;");
        AssertDamage(store, LogDamage.Reordered, 3);
    }

    [Fact]
    public void An_entry_forged_at_the_end_with_a_valid_hash_is_caught_through_the_recorded_count()
    {
        var store = StoreWithTenEntries();
        var last = store.ReadLog(last: 1).Single();
        var time = ChangeLog.FormatTime(DateTime.UtcNow);
        // The forger even carries the last digest on, as an entry that changed no data would.
        var hash = ChangeLog.Hash(last.Hash, 11, time, "root", "Add Grant", "u1", "TRAC_ADMIN", "Grant-Permission", last.Digest);
        Tamper(store, $"INSERT INTO change_log({ChangeLog.Columns}) VALUES (11, '{time}', 'root', 'Add Grant', 'u1', 'TRAC_ADMIN', 'Grant-Permission', '{last.Hash}', '{hash}', '{last.Digest}');");
        AssertDamage(store, LogDamage.Added, 11);
    }

    [Fact]
    public void Replacing_the_recorded_head_is_caught()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "UPDATE meta SET value = 'feed' WHERE key = 'log_head';");
        AssertDamage(store, LogDamage.Altered, 10);
    }

    [Fact]
    public void A_store_of_schema_1_gets_its_log_on_open_with_a_first_entry_saying_so()
    {
        var store = StoreWithTenEntries();
        Tamper(store, "DROP TABLE change_log; DELETE FROM meta WHERE key IN ('log_count', 'log_head'); PRAGMA user_version = 1;");
        var reopened = PermissionStore.Open(store.Path);
        var log = reopened.ReadLog().ToList();
        Assert.Equal("Start Log", Assert.Single(log).Action);
        Assert.Contains($"schema migration 1 -> {StoreSchema.CurrentVersion}", log[0].Source);
        Assert.Equal(4, reopened.Snapshot().State.Users.Count);
        Assert.True(reopened.VerifyLog().IsIntact);
    }

    [Fact]
    public void Verifying_and_reading_a_large_log_is_fast()
    {
        var store = PermissionStore.Create(_folder.File(), StoreTemplateKind.Empty, overwrite: false);
        var clock = Stopwatch.StartNew();
        using (var w = store.BeginWrite())
        {
            w.Apply(new AddPermission(new PermissionDefinition { Name = "WIKI_VIEW" }));
            for (var i = 0; i < 20_000; i++)
            {
                w.Apply(new AddUser(U($"user{i}")));
                w.Apply(new AddGrant($"user{i}", "WIKI_VIEW"));
            }
            w.Commit();
        }
        var apply = clock.Elapsed;
        clock.Restart();
        var verification = store.VerifyLog();
        var verify = clock.Elapsed;
        Assert.True(verification.IsIntact);
        Assert.Equal(40_001, verification.Entries);
        Assert.Equal(40_001, store.ReadLog().Count());
        Assert.True(apply < TimeSpan.FromSeconds(20), $"applying 40,001 logged changes took {apply}");
        Assert.True(verify < TimeSpan.FromSeconds(10), $"verifying 40,001 entries took {verify}");
    }
}
