using Npgsql;
using PermShell.Core.Store;
using PermShell.Core.Store.Postgres;
using PermShell.Core.Templates;

namespace PermShell.Core.Tests.Store.Postgres;

/// <summary>What only the PostgreSQL store has, beyond the contract every backend keeps (<see cref="StoreContractTests"/>).</summary>
public sealed class PostgresStoreTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly TempStoreFolder _folder = new();

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    private static void AddUser(IPermissionStore store, string name)
    {
        var batch = store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(new AddUser(new User { Name = name }));
        store.Commit(batch);
    }

    [Fact]
    public void The_log_names_the_session_user_that_the_server_records()
    {
        var store = PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
        AddUser(store, "ann");
        Assert.Equal("postgres", store.Actor);
        Assert.Equal("postgres", store.ReadLog().Last().Actor);
    }

    [Fact]
    public void A_store_of_a_newer_schema_version_is_refused_and_left_untouched_and_a_foreign_meta_table_is_not_a_store()
    {
        var store = PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
        Assert.Equal(2, store.Info(isDefault: false).SchemaVersion);
        Sql($"UPDATE \"{_database.Schema}\".meta SET value = '99' WHERE key = 'schema_version';");
        // A process that has not read the store refuses it as it opens it; this one, which keeps a connection to it
        // from the read above, as it reads it next.
        Assert.Equal("PermShell.Store.NewerSchema", Assert.Throws<PermShellException>(() => PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache())).ErrorId);
        Assert.Equal("PermShell.Store.NewerSchema", Assert.Throws<PermShellException>(() => PostgresPermissionStore.Open(_database.ConnectionString).Read()).ErrorId);
        Assert.Equal("99", Sql($"SELECT value FROM \"{_database.Schema}\".meta WHERE key = 'schema_version';"));

        Sql($"DROP SCHEMA \"{_database.Schema}\" CASCADE; CREATE SCHEMA \"{_database.Schema}\"; CREATE TABLE \"{_database.Schema}\".meta (key text, value text);");
        Assert.Equal("PermShell.Store.NotAStore", Assert.Throws<PermShellException>(() => PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: true)).ErrorId);
    }

    private static string[] Users(CallReads reads) => reads.Read().Snapshot.State.Users.Keys.Order().ToArray();

    [Fact]
    public void Each_call_sees_what_was_committed_elsewhere_before_it_and_a_call_sees_its_own_process_commits()
    {
        var store = PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
        AddUser(store, "ann");
        // Another process: a snapshot cache (and kept connection) of its own.
        var elsewhere = PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache());
        using (var first = new CallReads(PostgresPermissionStore.Open(_database.ConnectionString)))
        {
            Assert.Equal(["ann"], Users(first));
            AddUser(elsewhere, "bob");
            // A call asks the server once: its later records answer from the same snapshot...
            Assert.Equal(["ann"], Users(first));
            // ...unless this process committed since.
            AddUser(store, "carl");
            Assert.Equal(["ann", "bob", "carl"], Users(first));
        }
        AddUser(elsewhere, "dora");
        using var second = new CallReads(PostgresPermissionStore.Open(_database.ConnectionString));
        Assert.Equal(["ann", "bob", "carl", "dora"], Users(second));
    }

    /// <summary>
    /// A store holding ann, at a location whose connections carry an application name of the test's own, to find this
    /// test's connections among the server's.
    /// </summary>
    private (string Application, string Location, PostgresPermissionStore Store) StoreNamedByApplication()
    {
        var application = $"PermShell test {Guid.NewGuid():N}";
        var location = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = application }.ConnectionString;
        var store = PostgresPermissionStore.Create(location, StoreTemplateKind.Empty, overwrite: false);
        AddUser(store, "ann");
        return (application, location, store);
    }

    [Fact]
    public void A_store_dropped_between_calls_is_not_found_and_a_connection_the_server_closed_is_replaced()
    {
        var (application, location, store) = StoreNamedByApplication();
        using (var first = new CallReads(PostgresPermissionStore.Open(location))) Assert.Equal(["ann"], Users(first));
        // The connection kept from that call (the one whose last query read the revision) is ended by the server, as a
        // restart or an idle timeout would end it.
        Assert.Equal("True", Sql($"SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}' AND query LIKE '%''schema_version''%';"));
        using (var second = new CallReads(PostgresPermissionStore.Open(location))) Assert.Equal(["ann"], Users(second));
        Sql($"DROP SCHEMA \"{_database.Schema}\" CASCADE;");
        var error = Assert.Throws<PermShellException>(() =>
        {
            using var third = new CallReads(PostgresPermissionStore.Open(location));
            return Users(third);
        });
        Assert.Equal("PermShell.Store.NotFound", error.ErrorId);
    }

    [Fact]
    public void A_write_whose_kept_connection_the_server_closed_is_made_on_a_new_one()
    {
        var (application, _, store) = StoreNamedByApplication();
        // Staged against the store as read (on the kept connection); the server then ends every connection of this test.
        var batch = store.BeginBatch(ChangeSource.Cmdlet("Test"));
        batch.Apply(new AddUser(new User { Name = "bob" }));
        Assert.Equal("True", Sql($"SELECT coalesce(bool_and(pg_terminate_backend(pid)), true) FROM pg_stat_activity WHERE application_name = '{application}';"));

        store.Commit(batch);
        AddUser(store, "cid");

        var state = PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache()).Snapshot().State;
        Assert.Equal(["ann", "bob", "cid"], state.Users.Keys.Order(StringComparer.Ordinal));
        Assert.True(store.VerifyLog().IsIntact, store.VerifyLog().Message);
    }

    [Fact]
    public void A_store_of_schema_version_1_gains_the_policy_tables_on_open_and_keeps_its_content_and_log()
    {
        var store = PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Trac, overwrite: false);
        AddUser(store, "bob");
        // As PermShell before resource policies left it: no policy tables, version 1.
        Sql($"DROP TABLE \"{_database.Schema}\".policy_rule, \"{_database.Schema}\".policy_section; " +
            $"UPDATE \"{_database.Schema}\".meta SET value = '1' WHERE key = 'schema_version';");

        var opened = PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache());
        var batch = opened.BeginBatch(ChangeSource.Cmdlet("Set-PermissionPolicy"));
        batch.Apply(new AddPolicy(new PolicySection("wiki:Private*", [new PolicyRule("bob", ["!WIKI_VIEW"])]), 0));
        opened.Commit(batch);

        Assert.Equal(2, opened.Info(isDefault: false).SchemaVersion);
        var state = PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache()).Snapshot().State;
        Assert.True(state.Users.ContainsKey("bob"));
        Assert.Equal("wiki:Private*", Assert.Single(state.Policies).Resource);
        Assert.True(opened.VerifyLog().IsIntact, opened.VerifyLog().Message);
    }

    [Fact]
    public void A_store_with_a_resource_policy_copies_to_PostgreSQL_and_back_with_its_sections_in_order_and_its_log_intact()
    {
        var file = _folder.File("policies.db");
        var sqlite = PermissionStore.Create(file, StoreTemplateKind.Trac, overwrite: false);
        var batch = sqlite.BeginBatch(ChangeSource.Cmdlet("Set-PermissionPolicy"));
        batch.Apply(new AddPolicy(new PolicySection("wiki:*", [new PolicyRule("anonymous", ["!WIKI_VIEW"]), new PolicyRule("*", [])]), 0));
        batch.Apply(new AddPolicy(new PolicySection("wiki:Private*", [new PolicyRule("@admins", ["WIKI_VIEW", "WIKI_MODIFY"])]), 0));
        sqlite.Commit(batch);
        var expected = PermShell.Core.Manifest.ManifestWriter.Write(sqlite.Snapshot().State);

        var onPostgres = StoreFactory.Copy(file, _database.ConnectionString, overwrite: false);
        var back = StoreFactory.Copy(_database.ConnectionString, _folder.File("back.db"), overwrite: false);

        foreach (var copy in new[] { onPostgres, back })
        {
            Assert.Equal(expected, PermShell.Core.Manifest.ManifestWriter.Write(copy.Snapshot().State));
            Assert.Equal(["wiki:Private*", "wiki:*"], copy.Snapshot().State.Policies.Select(p => p.Resource));
            Assert.True(copy.VerifyLog().IsIntact, copy.VerifyLog().Message);
        }
    }

    private string? Sql(string sql)
    {
        using var c = new NpgsqlConnection(_database.BaseConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar()?.ToString();
    }

    [Fact]
    public void A_restore_and_writers_queued_on_the_revision_row_in_any_order_lose_nothing_and_keep_revisions_and_log_whole()
    {
        var store = PostgresPermissionStore.Create(_database.ConnectionString, StoreTemplateKind.Empty, overwrite: false);
        AddUser(store, "ann");
        var backup = store.Backup(_folder.File("backup.db"), overwrite: false);
        var start = store.Read().Version.Revision;

        // A write holds the revision row while a restore and four writers of other "processes" queue behind it.
        var tasks = new List<Task>();
        using (store.BeginWrite())
        {
            tasks.Add(Task.Run(() => PostgresPermissionStore.Restore(backup.Path, _database.ConnectionString, ChangeSource.Cmdlet("Test"))));
            for (var i = 0; i < 4; i++)
            {
                var name = $"w{i}";
                tasks.Add(Task.Run(() => AddUser(PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache()), name)));
            }
            WaitUntilWaitingOnLocks(5);
        }
        Task.WaitAll(tasks.ToArray());

        // Whatever order they took: five commits, each one revision further, and a log that verifies.
        var fresh = PostgresPermissionStore.Open(_database.ConnectionString, createIfMissing: false, new SnapshotCache());
        Assert.Equal(start + 5, fresh.Read().Version.Revision);
        var verification = fresh.VerifyLog();
        Assert.True(verification.IsIntact, verification.Message);
        // The writers after the restore are in the store; those before it were replaced by the backup's content.
        var log = fresh.ReadLog().ToList();
        var restoredAt = log.FindLastIndex(e => e.Action == "Restore Store");
        var after = log.Skip(restoredAt + 1).Where(e => e.Action == "Add User").Select(e => e.Subject).Order(StringComparer.Ordinal);
        Assert.Equal(["ann", .. after], fresh.Read().Snapshot.State.Users.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Waits until <paramref name="count"/> sessions wait on a lock in the test database (at most 30 s).</summary>
    private void WaitUntilWaitingOnLocks(int count)
    {
        using var c = new NpgsqlConnection(_database.BaseConnectionString);
        c.Open();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; Thread.Sleep(20))
        {
            using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database();", c);
            if ((long)cmd.ExecuteScalar()! >= count) return;
        }
        Assert.Fail($"{count} sessions did not queue on the store's lock within 30 s.");
    }
}
